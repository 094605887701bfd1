// libvips (Debian: libvips42, libvips-dev to build) for sitegen's images, loaded when the first
// image needs it (`sitegen_vips_start`), not when sitegen starts: libvips brings about a hundred
// shared libraries, which took ~20 ms of every command's start, images or not. A site without
// images builds without libvips installed at all.
//
// libvips' calls take their optional arguments as NULL-terminated varargs, which Swift cannot
// call: each function below names the options it passes, and nothing else. Every function that
// returns int returns 0 on success, else -1 with the reason in sitegen_vips_error_buffer().
// Only sitegen_vips_start and sitegen_vips_error_buffer may be called before a start succeeded.
#ifndef SITEGEN_CVIPS_H
#define SITEGEN_CVIPS_H

/// A libvips image (opaque here: its fields are read in vips.c).
typedef struct _VipsImage VipsImage;

/// Loads libvips and starts it, once; -1 when it cannot be loaded or started.
int sitegen_vips_start(void);
/// What went wrong last (loading libvips, or its own error buffer).
const char *sitegen_vips_error_buffer(void);
void sitegen_vips_error_clear(void);
/// The version of the libvips this process loaded ("8.14.1").
const char *sitegen_vips_version(void);
void sitegen_vips_free(void *memory);
void sitegen_vips_unref(VipsImage *image);

VipsImage *sitegen_vips_header(const char *path);
int sitegen_vips_width(VipsImage *image);
int sitegen_vips_height(VipsImage *image);
int sitegen_vips_orientation(VipsImage *image);
const char *sitegen_vips_loader(VipsImage *image);
int sitegen_vips_n_pages(VipsImage *image);
int sitegen_vips_has_profile(VipsImage *image);
int sitegen_vips_is_srgb(VipsImage *image);

int sitegen_vips_thumbnail(const char *path, int width, int has_profile, VipsImage **out);
int sitegen_vips_shrink(VipsImage *image, int width, VipsImage **out);
int sitegen_vips_full_size(const char *path, VipsImage **out);
int sitegen_vips_cover(const char *path, int width, int height, VipsImage **out);
VipsImage *sitegen_vips_in_memory(VipsImage *image);

int sitegen_vips_save_jpeg(VipsImage *image, const char *path, int quality);
int sitegen_vips_save_png(VipsImage *image, const char *path);
int sitegen_vips_save_webp(VipsImage *image, const char *path, int quality);
int sitegen_vips_save_avif(VipsImage *image, const char *path, int quality);
int sitegen_vips_can_save_avif(void);

int sitegen_vips_text(const char *text, const char *font, int width, int spacing, VipsImage **out);
int sitegen_vips_canvas(int width, int height, double r, double g, double b, VipsImage **out);
int sitegen_vips_paint(VipsImage *base, VipsImage *mask, int x, int y, double r, double g, double b, VipsImage **out);

// Tests and the bench.
int sitegen_vips_make_noise_jpeg(const char *path, int width, int height, int orientation);
int sitegen_vips_make_p3_jpeg(const char *path, double r, double g, double b);
int sitegen_vips_band_mean(const char *path, int band, double *mean);
char *sitegen_vips_fields(const char *path);

#endif
