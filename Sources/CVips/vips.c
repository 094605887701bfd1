// libvips through dlopen: see include/CVips.h. Every libvips and GLib function this file calls
// is in SITEGEN_VIPS_CALLS, looked up once in the library `sitegen_vips_start` loads, and
// called through `lib`; its type is the one the headers declare (`__typeof__`), so a call
// is checked by the compiler as a direct one would be.
#include "CVips.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <vips/vips.h>

#define SITEGEN_VIPS_CALLS(X) \
    X(g_free) \
    X(g_object_unref) \
    X(g_strfreev) \
    X(g_strjoinv) \
    X(vips_autorot) \
    X(vips_avg) \
    X(vips_bandjoin) \
    X(vips_black) \
    X(vips_cache_set_max) \
    X(vips_cast_uchar) \
    X(vips_colourspace) \
    X(vips_concurrency_set) \
    X(vips_copy) \
    X(vips_embed) \
    X(vips_error_buffer) \
    X(vips_error_clear) \
    X(vips_extract_band) \
    X(vips_gaussnoise) \
    X(vips_heifsave) \
    X(vips_icc_transform) \
    X(vips_ifthenelse) \
    X(vips_image_copy_memory) \
    X(vips_image_get_fields) \
    X(vips_image_get_height) \
    X(vips_image_get_int) \
    X(vips_image_get_n_pages) \
    X(vips_image_get_string) \
    X(vips_image_get_typeof) \
    X(vips_image_get_width) \
    X(vips_image_new_from_file) \
    X(vips_image_remove) \
    X(vips_image_set_int) \
    X(vips_image_set_string) \
    X(vips_image_write_to_file) \
    X(vips_init) \
    X(vips_jpegsave) \
    X(vips_linear) \
    X(vips_pngsave) \
    X(vips_text) \
    X(vips_thumbnail) \
    X(vips_thumbnail_image) \
    X(vips_type_find) \
    X(vips_version) \
    X(vips_version_string) \
    X(vips_webpsave)

static struct {
#define X(name) __typeof__(name) *name;
    SITEGEN_VIPS_CALLS(X)
#undef X
} lib;

static pthread_once_t started_once = PTHREAD_ONCE_INIT;
static int started = -1;
/// Why libvips could not be loaded or started (empty once it is).
static char load_error[512];

/// The soname sitegen was built against (libvips.so.42 for 8.x): another ABI is not loaded.
static void start(void) {
    char soname[64];
    snprintf(soname, sizeof soname, "libvips.so.%d", VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
    void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(load_error, sizeof load_error, "%s (install libvips: apt install libvips42)", dlerror());
        return;
    }
    // dlsym on the handle also finds GLib's functions, which libvips loads with it.
#define X(name) \
    if (!(lib.name = (__typeof__(name) *)dlsym(handle, #name))) { \
        snprintf(load_error, sizeof load_error, "%s: no %s", soname, #name); \
        return; \
    }
    SITEGEN_VIPS_CALLS(X)
#undef X
    // VIPS_INIT's check, through the loaded library: the ABI it has is the one built against.
    if (lib.vips_version(3) - lib.vips_version(5) != VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE) {
        snprintf(load_error, sizeof load_error, "%s: ABI mismatch", soname);
        return;
    }
    if (lib.vips_init("sitegen")) {
        snprintf(load_error, sizeof load_error, "%s", lib.vips_error_buffer());
        return;
    }
    // Operations are not cached across calls: every image is read once per build, and the
    // cache would only hold decoded pixels. Each image's pipeline runs on one thread; the
    // build runs one image per core instead, which bounds memory by the number of cores.
    lib.vips_cache_set_max(0);
    lib.vips_concurrency_set(1);
    started = 0;
}

int sitegen_vips_start(void) {
    pthread_once(&started_once, start);
    return started;
}

const char *sitegen_vips_error_buffer(void) { return started == 0 ? lib.vips_error_buffer() : load_error; }
void sitegen_vips_error_clear(void) { if (started == 0) lib.vips_error_clear(); }
const char *sitegen_vips_version(void) { return lib.vips_version_string(); }
void sitegen_vips_free(void *memory) { lib.g_free(memory); }
int sitegen_vips_width(VipsImage *image) { return lib.vips_image_get_width(image); }
int sitegen_vips_height(VipsImage *image) { return lib.vips_image_get_height(image); }

static int has_prefix(const char *text, const char *prefix) { return strncmp(text, prefix, strlen(prefix)) == 0; }
static int has_suffix(const char *text, const char *suffix) {
    size_t length = strlen(text), end = strlen(suffix);
    return length >= end && strcmp(text + length - end, suffix) == 0;
}

/// The header only (pixels are not decoded): size, orientation, format.
VipsImage *sitegen_vips_header(const char *path) {
    return lib.vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}

int sitegen_vips_orientation(VipsImage *image) {
    int orientation = 1;
    if (lib.vips_image_get_typeof(image, VIPS_META_ORIENTATION) && lib.vips_image_get_int(image, VIPS_META_ORIENTATION, &orientation)) return 1;
    return orientation;
}

const char *sitegen_vips_loader(VipsImage *image) {
    const char *loader = NULL;
    if (lib.vips_image_get_typeof(image, VIPS_META_LOADER) && lib.vips_image_get_string(image, VIPS_META_LOADER, &loader)) return NULL;
    return loader;
}

int sitegen_vips_n_pages(VipsImage *image) { return lib.vips_image_get_n_pages(image); }

int sitegen_vips_has_profile(VipsImage *image) { return lib.vips_image_get_typeof(image, VIPS_META_ICC_NAME) != 0; }

/// The pixels are sRGB or grey as stored (not CMYK, Lab, 16-bit…).
int sitegen_vips_is_srgb(VipsImage *image) {
    return image->Type == VIPS_INTERPRETATION_sRGB || image->Type == VIPS_INTERPRETATION_B_W;
}

/// Shrunk (never enlarged) to `width`, turned upright by its orientation tag, in sRGB;
/// shrink-on-load keeps a large JPEG's memory small. `has_profile`: the file embeds an ICC
/// profile, which the pixels are converted from. Without one the pixels are sRGB (or
/// converted to it by their interpretation) and no ICC transform runs: asking for an sRGB
/// export there would convert sRGB to sRGB, a third of the thumbnail's time.
int sitegen_vips_thumbnail(const char *path, int width, int has_profile, VipsImage **out) {
    if (has_profile)
        return lib.vips_thumbnail(path, out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                              "export_profile", "srgb", "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    return lib.vips_thumbnail(path, out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                          "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}

/// An image already upright and in sRGB (a thumbnail held in memory) shrunk to `width`, with
/// its alpha premultiplied while it is resized: the smaller copies are made from the largest
/// one instead of decoding the file again for each.
int sitegen_vips_shrink(VipsImage *image, int width, VipsImage **out) {
    return lib.vips_thumbnail_image(image, out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                                "no_rotate", TRUE, NULL);
}

/// The whole image at its own size, upright and in sRGB. Read with random access, so an image
/// turned by its orientation tag (read out of order) is decoded into a temporary file when it
/// is large, not into memory: a 100-megapixel photo tagged "rotate 90°" takes ~60 MB, where
/// the thumbnail path took ~340 MB.
int sitegen_vips_full_size(const char *path, VipsImage **out) {
    VipsImage *in = lib.vips_image_new_from_file(path, "access", VIPS_ACCESS_RANDOM, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    if (!in) return -1;
    VipsImage *upright = NULL;
    int failed = lib.vips_autorot(in, &upright, NULL);
    lib.g_object_unref(in);
    if (failed) return -1;
    if (lib.vips_image_get_typeof(upright, VIPS_META_ICC_NAME)) {
        failed = lib.vips_icc_transform(upright, out, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_RELATIVE, NULL);
    } else if (upright->Type != VIPS_INTERPRETATION_sRGB && upright->Type != VIPS_INTERPRETATION_B_W) {
        failed = lib.vips_colourspace(upright, out, VIPS_INTERPRETATION_sRGB, NULL);
    } else {
        *out = upright;
        return 0;
    }
    lib.g_object_unref(upright);
    return failed;
}

/// Filled to exactly width × height: scaled to cover, then cropped around what draws the eye.
int sitegen_vips_cover(const char *path, int width, int height, VipsImage **out) {
    return lib.vips_thumbnail(path, out, width, "height", height, "size", VIPS_SIZE_BOTH, "crop", VIPS_INTERESTING_ATTENTION,
                          "export_profile", "srgb", "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}

/// Pixels held in memory, so one decode serves several encodings.
VipsImage *sitegen_vips_in_memory(VipsImage *image) { return lib.vips_image_copy_memory(image); }

/// A copy of the image's header without its metadata: EXIF (with any GPS position), XMP,
/// IPTC, comments, the ICC profile (the pixels are sRGB already) and the orientation tag
/// (the pixels are upright already). The savers' own `strip` option is passed as well, but
/// libvips 8.14's WebP saver ignores it, so nothing relies on it alone.
static VipsImage *stripped(VipsImage *image) {
    VipsImage *copy = NULL;
    if (lib.vips_copy(image, &copy, NULL)) return NULL;
    gchar **fields = lib.vips_image_get_fields(copy);
    for (int i = 0; fields[i]; i++) {
        const char *name = fields[i];
        if (has_prefix(name, "exif-") || has_prefix(name, "xmp") || has_prefix(name, "iptc")
            || has_suffix(name, "-comment") || has_prefix(name, "png-comment")
            || !strcmp(name, VIPS_META_ICC_NAME) || !strcmp(name, VIPS_META_ORIENTATION) || !strcmp(name, "resolution-unit")) {
            lib.vips_image_remove(copy, name);
        }
    }
    lib.g_strfreev(fields);
    return copy;
}

#define SITEGEN_SAVE_STRIPPED(call) \
    VipsImage *clean = stripped(image); \
    if (!clean) return -1; \
    int failed = call; \
    lib.g_object_unref(clean); \
    return failed;

/// Baseline, with the standard Huffman tables (as Hugo's encoder writes): a JPEG copy is the
/// fallback `<picture>` offers beside WebP, which nearly every browser takes; interlacing it
/// with optimised tables made it ~6 % smaller for three times the encoding time.
int sitegen_vips_save_jpeg(VipsImage *image, const char *path, int quality) {
    SITEGEN_SAVE_STRIPPED(lib.vips_jpegsave(clean, path, "Q", quality, "strip", TRUE, NULL))
}
int sitegen_vips_save_png(VipsImage *image, const char *path) {
    SITEGEN_SAVE_STRIPPED(lib.vips_pngsave(clean, path, "strip", TRUE, "compression", 6, NULL))
}
int sitegen_vips_save_webp(VipsImage *image, const char *path, int quality) {
    // Effort 2 of 6: a third of the default's time, files within a few per cent of its size.
    SITEGEN_SAVE_STRIPPED(lib.vips_webpsave(clean, path, "Q", quality, "strip", TRUE, "effort", 2, NULL))
}
int sitegen_vips_save_avif(VipsImage *image, const char *path, int quality) {
    SITEGEN_SAVE_STRIPPED(lib.vips_heifsave(clean, path, "Q", quality, "strip", TRUE, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1,
                                        "effort", 2, NULL))
}

/// Whether this libvips can write AVIF (libheif with an AV1 encoder).
int sitegen_vips_can_save_avif(void) {
    return lib.vips_type_find("VipsOperation", "heifsave") != 0;
}

/// `text` (Pango markup escaped by the caller) set in `font`, wrapped at words within `width`
/// pixels, as a one-band mask.
int sitegen_vips_text(const char *text, const char *font, int width, int spacing, VipsImage **out) {
    return lib.vips_text(out, text, "font", font, "width", width, "spacing", spacing, "wrap", VIPS_TEXT_WRAP_WORD_CHAR, NULL);
}

/// A width × height sRGB canvas of one colour.
int sitegen_vips_canvas(int width, int height, double r, double g, double b, VipsImage **out) {
    VipsImage *black = NULL;
    if (lib.vips_black(&black, width, height, "bands", 3, NULL)) return -1;
    double add[3] = { r, g, b };
    double one[3] = { 0, 0, 0 };
    VipsImage *coloured = NULL;
    int failed = lib.vips_linear(black, &coloured, one, add, 3, "uchar", TRUE, NULL);
    lib.g_object_unref(black);
    if (failed) return -1;
    failed = lib.vips_copy(coloured, out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    lib.g_object_unref(coloured);
    return failed;
}

/// `mask` (from sitegen_vips_text) painted in one colour onto `base` at x, y: the mask's grey
/// levels blend the ink into the background, so the letters keep their anti-aliasing.
int sitegen_vips_paint(VipsImage *base, VipsImage *mask, int x, int y, double r, double g, double b, VipsImage **out) {
    VipsImage *framed = NULL, *ink = NULL;
    if (lib.vips_embed(mask, &framed, x, y, base->Xsize, base->Ysize, NULL)) return -1;
    int failed = sitegen_vips_canvas(base->Xsize, base->Ysize, r, g, b, &ink);
    if (!failed) failed = lib.vips_ifthenelse(framed, ink, base, out, "blend", TRUE, NULL);
    lib.g_object_unref(framed);
    if (ink) lib.g_object_unref(ink);
    return failed;
}

/// A test image: width × height of Gaussian noise around grey, as sRGB, with an orientation
/// tag and a GPS position in its EXIF, saved in the format `path`'s suffix names (tests and
/// the bench make their photos so).
int sitegen_vips_make_noise_jpeg(const char *path, int width, int height, int orientation) {
    VipsImage *noise = NULL, *bands = NULL, *cast = NULL, *tagged = NULL;
    if (lib.vips_gaussnoise(&noise, width, height, "mean", 128.0, "sigma", 40.0, NULL)) return -1;
    VipsImage *three[3] = { noise, noise, noise };
    int failed = lib.vips_bandjoin(three, &bands, 3, NULL);
    lib.g_object_unref(noise);
    if (failed) return -1;
    failed = lib.vips_cast_uchar(bands, &cast, NULL);
    lib.g_object_unref(bands);
    if (failed) return -1;
    failed = lib.vips_copy(cast, &tagged, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    lib.g_object_unref(cast);
    if (failed) return -1;
    lib.vips_image_set_int(tagged, VIPS_META_ORIENTATION, orientation);
    lib.vips_image_set_string(tagged, "exif-ifd3-GPSLatitude", "35/1 41/1 22/1 (35.689, Rational, 3 components, 24 bytes)");
    lib.vips_image_set_string(tagged, "exif-ifd3-GPSLatitudeRef", "N (N, ASCII, 2 components, 2 bytes)");
    lib.vips_image_set_string(tagged, "exif-ifd0-Make", "sitegen test (sitegen test, ASCII, 14 components, 14 bytes)");
    // Saved by the file name's suffix (.jpg, .png…), metadata kept.
    failed = lib.vips_image_write_to_file(tagged, path, NULL);
    lib.g_object_unref(tagged);
    return failed;
}

/// A 64 × 64 JPEG of one sRGB colour stored in Display P3: its pixels hold the colour's P3
/// values and the file embeds libvips' P3 profile, as an iPhone photo does (tests).
int sitegen_vips_make_p3_jpeg(const char *path, double r, double g, double b) {
    VipsImage *black = NULL, *coloured = NULL, *p3 = NULL;
    double scale[3] = { 1, 1, 1 }, colour[3] = { r, g, b };
    if (lib.vips_black(&black, 64, 64, "bands", 3, NULL)) return -1;
    int failed = lib.vips_linear(black, &coloured, scale, colour, 3, "uchar", TRUE, NULL);
    lib.g_object_unref(black);
    if (failed) return -1;
    failed = lib.vips_icc_transform(coloured, &p3, "p3", "input_profile", "srgb", NULL);
    lib.g_object_unref(coloured);
    if (failed) return -1;
    failed = lib.vips_image_write_to_file(p3, path, NULL);
    lib.g_object_unref(p3);
    return failed;
}

/// The mean of one band of an image file's pixels, as stored (tests).
int sitegen_vips_band_mean(const char *path, int band, double *mean) {
    VipsImage *image = lib.vips_image_new_from_file(path, NULL), *one = NULL;
    if (!image) return -1;
    int failed = lib.vips_extract_band(image, &one, band, NULL);
    lib.g_object_unref(image);
    if (failed) return -1;
    failed = lib.vips_avg(one, mean, NULL);
    lib.g_object_unref(one);
    return failed;
}

/// The names of an image file's metadata fields (EXIF tags, `icc-profile-data`…), as one
/// newline-separated string the caller frees with g_free; NULL when the file cannot be read.
char *sitegen_vips_fields(const char *path) {
    VipsImage *image = lib.vips_image_new_from_file(path, NULL);
    if (!image) return NULL;
    gchar **fields = lib.vips_image_get_fields(image);
    char *joined = lib.g_strjoinv("\n", fields);
    lib.g_strfreev(fields);
    lib.g_object_unref(image);
    return joined;
}

void sitegen_vips_unref(VipsImage *image) { if (image) lib.g_object_unref(image); }
