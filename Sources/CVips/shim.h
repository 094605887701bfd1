// libvips (Debian: libvips-dev) for sitegen's images. libvips' calls take their optional
// arguments as NULL-terminated varargs, which Swift cannot call: each wrapper below names the
// options it passes, and nothing else. Every wrapper returns 0 on success, else -1 with the
// reason in vips_error_buffer().
#include <vips/vips.h>

static inline int sitegen_vips_start(void) {
    if (VIPS_INIT("sitegen")) return -1;
    // Operations are not cached across calls: every image is read once per build, and the
    // cache would only hold decoded pixels. Each image's pipeline runs on one thread; the
    // build runs one image per core instead, which bounds memory by the number of cores.
    vips_cache_set_max(0);
    vips_concurrency_set(1);
    return 0;
}

/// The header only (pixels are not decoded): size, orientation, format.
static inline VipsImage *sitegen_vips_header(const char *path) {
    return vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}

static inline int sitegen_vips_orientation(VipsImage *image) {
    int orientation = 1;
    if (vips_image_get_typeof(image, VIPS_META_ORIENTATION) && vips_image_get_int(image, VIPS_META_ORIENTATION, &orientation)) return 1;
    return orientation;
}

static inline const char *sitegen_vips_loader(VipsImage *image) {
    const char *loader = NULL;
    if (vips_image_get_typeof(image, VIPS_META_LOADER) && vips_image_get_string(image, VIPS_META_LOADER, &loader)) return NULL;
    return loader;
}

static inline int sitegen_vips_n_pages(VipsImage *image) { return vips_image_get_n_pages(image); }

static inline int sitegen_vips_has_profile(VipsImage *image) { return vips_image_get_typeof(image, VIPS_META_ICC_NAME) != 0; }

/// The pixels are sRGB or grey as stored (not CMYK, Lab, 16-bit…).
static inline int sitegen_vips_is_srgb(VipsImage *image) {
    return image->Type == VIPS_INTERPRETATION_sRGB || image->Type == VIPS_INTERPRETATION_B_W;
}

/// Shrunk (never enlarged) to `width`, turned upright by its orientation tag, in sRGB;
/// shrink-on-load keeps a large JPEG's memory small. `has_profile`: the file embeds an ICC
/// profile, which the pixels are converted from. Without one the pixels are sRGB (or
/// converted to it by their interpretation) and no ICC transform runs: asking for an sRGB
/// export there would convert sRGB to sRGB, a third of the thumbnail's time.
static inline int sitegen_vips_thumbnail(const char *path, int width, int has_profile, VipsImage **out) {
    if (has_profile)
        return vips_thumbnail(path, out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                              "export_profile", "srgb", "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    return vips_thumbnail(path, out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                          "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}

/// An image already upright and in sRGB (a thumbnail held in memory) shrunk to `width`, with
/// its alpha premultiplied while it is resized: the smaller copies are made from the largest
/// one instead of decoding the file again for each.
static inline int sitegen_vips_shrink(VipsImage *image, int width, VipsImage **out) {
    return vips_thumbnail_image(image, out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                                "no_rotate", TRUE, NULL);
}

/// The whole image at its own size, upright and in sRGB. Read with random access, so an image
/// turned by its orientation tag (read out of order) is decoded into a temporary file when it
/// is large, not into memory: a 100-megapixel photo tagged "rotate 90°" takes ~60 MB, where
/// the thumbnail path took ~340 MB.
static inline int sitegen_vips_full_size(const char *path, VipsImage **out) {
    VipsImage *in = vips_image_new_from_file(path, "access", VIPS_ACCESS_RANDOM, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    if (!in) return -1;
    VipsImage *upright = NULL;
    int failed = vips_autorot(in, &upright, NULL);
    g_object_unref(in);
    if (failed) return -1;
    if (vips_image_get_typeof(upright, VIPS_META_ICC_NAME)) {
        failed = vips_icc_transform(upright, out, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_RELATIVE, NULL);
    } else if (upright->Type != VIPS_INTERPRETATION_sRGB && upright->Type != VIPS_INTERPRETATION_B_W) {
        failed = vips_colourspace(upright, out, VIPS_INTERPRETATION_sRGB, NULL);
    } else {
        *out = upright;
        return 0;
    }
    g_object_unref(upright);
    return failed;
}

/// Filled to exactly width × height: scaled to cover, then cropped around what draws the eye.
static inline int sitegen_vips_cover(const char *path, int width, int height, VipsImage **out) {
    return vips_thumbnail(path, out, width, "height", height, "size", VIPS_SIZE_BOTH, "crop", VIPS_INTERESTING_ATTENTION,
                          "export_profile", "srgb", "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}

/// Pixels held in memory, so one decode serves several encodings.
static inline VipsImage *sitegen_vips_in_memory(VipsImage *image) { return vips_image_copy_memory(image); }

/// A copy of the image's header without its metadata: EXIF (with any GPS position), XMP,
/// IPTC, comments, the ICC profile (the pixels are sRGB already) and the orientation tag
/// (the pixels are upright already). The savers' own `strip` option is passed as well, but
/// libvips 8.14's WebP saver ignores it, so nothing relies on it alone.
static inline VipsImage *sitegen_vips_stripped(VipsImage *image) {
    VipsImage *copy = NULL;
    if (vips_copy(image, &copy, NULL)) return NULL;
    gchar **fields = vips_image_get_fields(copy);
    for (int i = 0; fields[i]; i++) {
        const char *name = fields[i];
        if (g_str_has_prefix(name, "exif-") || g_str_has_prefix(name, "xmp") || g_str_has_prefix(name, "iptc")
            || g_str_has_suffix(name, "-comment") || g_str_has_prefix(name, "png-comment")
            || !strcmp(name, VIPS_META_ICC_NAME) || !strcmp(name, VIPS_META_ORIENTATION) || !strcmp(name, "resolution-unit")) {
            vips_image_remove(copy, name);
        }
    }
    g_strfreev(fields);
    return copy;
}

#define SITEGEN_SAVE_STRIPPED(call) \
    VipsImage *clean = sitegen_vips_stripped(image); \
    if (!clean) return -1; \
    int failed = call; \
    g_object_unref(clean); \
    return failed;

/// Baseline, with the standard Huffman tables (as Hugo's encoder writes): a JPEG copy is the
/// fallback `<picture>` offers beside WebP, which nearly every browser takes; interlacing it
/// with optimised tables made it ~6 % smaller for three times the encoding time.
static inline int sitegen_vips_save_jpeg(VipsImage *image, const char *path, int quality) {
    SITEGEN_SAVE_STRIPPED(vips_jpegsave(clean, path, "Q", quality, "strip", TRUE, NULL))
}
static inline int sitegen_vips_save_png(VipsImage *image, const char *path) {
    SITEGEN_SAVE_STRIPPED(vips_pngsave(clean, path, "strip", TRUE, "compression", 6, NULL))
}
static inline int sitegen_vips_save_webp(VipsImage *image, const char *path, int quality) {
    // Effort 2 of 6: a third of the default's time, files within a few per cent of its size.
    SITEGEN_SAVE_STRIPPED(vips_webpsave(clean, path, "Q", quality, "strip", TRUE, "effort", 2, NULL))
}
static inline int sitegen_vips_save_avif(VipsImage *image, const char *path, int quality) {
    SITEGEN_SAVE_STRIPPED(vips_heifsave(clean, path, "Q", quality, "strip", TRUE, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1,
                                        "effort", 2, NULL))
}

/// Whether this libvips can write AVIF (libheif with an AV1 encoder).
static inline int sitegen_vips_can_save_avif(void) {
    return vips_type_find("VipsOperation", "heifsave") != 0;
}

/// `text` (Pango markup escaped by the caller) set in `font`, wrapped at words within `width`
/// pixels, as a one-band mask.
static inline int sitegen_vips_text(const char *text, const char *font, int width, int spacing, VipsImage **out) {
    return vips_text(out, text, "font", font, "width", width, "spacing", spacing, "wrap", VIPS_TEXT_WRAP_WORD_CHAR, NULL);
}

/// A width × height sRGB canvas of one colour.
static inline int sitegen_vips_canvas(int width, int height, double r, double g, double b, VipsImage **out) {
    VipsImage *black = NULL;
    if (vips_black(&black, width, height, "bands", 3, NULL)) return -1;
    double add[3] = { r, g, b };
    double one[3] = { 0, 0, 0 };
    VipsImage *coloured = NULL;
    int failed = vips_linear(black, &coloured, one, add, 3, "uchar", TRUE, NULL);
    g_object_unref(black);
    if (failed) return -1;
    failed = vips_copy(coloured, out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    g_object_unref(coloured);
    return failed;
}

/// `mask` (from sitegen_vips_text) painted in one colour onto `base` at x, y: the mask's grey
/// levels blend the ink into the background, so the letters keep their anti-aliasing.
static inline int sitegen_vips_paint(VipsImage *base, VipsImage *mask, int x, int y, double r, double g, double b, VipsImage **out) {
    VipsImage *framed = NULL, *ink = NULL;
    if (vips_embed(mask, &framed, x, y, base->Xsize, base->Ysize, NULL)) return -1;
    int failed = sitegen_vips_canvas(base->Xsize, base->Ysize, r, g, b, &ink);
    if (!failed) failed = vips_ifthenelse(framed, ink, base, out, "blend", TRUE, NULL);
    g_object_unref(framed);
    if (ink) g_object_unref(ink);
    return failed;
}

/// A test image: width × height of Gaussian noise around grey, as sRGB, with an orientation
/// tag and a GPS position in its EXIF, saved in the format `path`'s suffix names (tests and
/// the bench make their photos so).
static inline int sitegen_vips_make_noise_jpeg(const char *path, int width, int height, int orientation) {
    VipsImage *noise = NULL, *bands = NULL, *cast = NULL, *tagged = NULL;
    if (vips_gaussnoise(&noise, width, height, "mean", 128.0, "sigma", 40.0, NULL)) return -1;
    VipsImage *three[3] = { noise, noise, noise };
    int failed = vips_bandjoin(three, &bands, 3, NULL);
    g_object_unref(noise);
    if (failed) return -1;
    failed = vips_cast_uchar(bands, &cast, NULL);
    g_object_unref(bands);
    if (failed) return -1;
    failed = vips_copy(cast, &tagged, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    g_object_unref(cast);
    if (failed) return -1;
    vips_image_set_int(tagged, VIPS_META_ORIENTATION, orientation);
    vips_image_set_string(tagged, "exif-ifd3-GPSLatitude", "35/1 41/1 22/1 (35.689, Rational, 3 components, 24 bytes)");
    vips_image_set_string(tagged, "exif-ifd3-GPSLatitudeRef", "N (N, ASCII, 2 components, 2 bytes)");
    vips_image_set_string(tagged, "exif-ifd0-Make", "sitegen test (sitegen test, ASCII, 14 components, 14 bytes)");
    // Saved by the file name's suffix (.jpg, .png…), metadata kept.
    failed = vips_image_write_to_file(tagged, path, NULL);
    g_object_unref(tagged);
    return failed;
}

/// A 64 × 64 JPEG of one sRGB colour stored in Display P3: its pixels hold the colour's P3
/// values and the file embeds libvips' P3 profile, as an iPhone photo does (tests).
static inline int sitegen_vips_make_p3_jpeg(const char *path, double r, double g, double b) {
    VipsImage *black = NULL, *coloured = NULL, *p3 = NULL;
    double scale[3] = { 1, 1, 1 }, colour[3] = { r, g, b };
    if (vips_black(&black, 64, 64, "bands", 3, NULL)) return -1;
    int failed = vips_linear(black, &coloured, scale, colour, 3, "uchar", TRUE, NULL);
    g_object_unref(black);
    if (failed) return -1;
    failed = vips_icc_transform(coloured, &p3, "p3", "input_profile", "srgb", NULL);
    g_object_unref(coloured);
    if (failed) return -1;
    failed = vips_image_write_to_file(p3, path, NULL);
    g_object_unref(p3);
    return failed;
}

/// The mean of one band of an image file's pixels, as stored (tests).
static inline int sitegen_vips_band_mean(const char *path, int band, double *mean) {
    VipsImage *image = vips_image_new_from_file(path, NULL), *one = NULL;
    if (!image) return -1;
    int failed = vips_extract_band(image, &one, band, NULL);
    g_object_unref(image);
    if (failed) return -1;
    failed = vips_avg(one, mean, NULL);
    g_object_unref(one);
    return failed;
}

/// The names of an image file's metadata fields (EXIF tags, `icc-profile-data`…), as one
/// newline-separated string the caller frees with g_free; NULL when the file cannot be read.
static inline char *sitegen_vips_fields(const char *path) {
    VipsImage *image = vips_image_new_from_file(path, NULL);
    if (!image) return NULL;
    gchar **fields = vips_image_get_fields(image);
    char *joined = g_strjoinv("\n", fields);
    g_strfreev(fields);
    g_object_unref(image);
    return joined;
}

static inline void sitegen_vips_unref(VipsImage *image) { if (image) g_object_unref(image); }
