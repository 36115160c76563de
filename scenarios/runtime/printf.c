/*
 * A small printf, written for the scenarios. No libc, no floating point.
 * Conversions: %c %s %d %i %u %x %X %p %%.
 * Flags: '-' (left-justify), '0' (zero-pad). Width: digits or '*'.
 * Length modifiers: hh h l ll z (j and t are taken as 64-bit too).
 * An unknown conversion is printed as is.
 */
#include "runtime.h"

struct sink {
        void (*put)(struct sink *s, char c);
        char *buf;          /* snprintf */
        size_t size, pos;
        int count;          /* characters produced */
};

static void emit(struct sink *s, char c)
{
        s->put(s, c);
        s->count++;
}

static void emit_pad(struct sink *s, char c, int n)
{
        while (n-- > 0)
                emit(s, c);
}

/* digits of v in base 10 or 16, least significant first; returns the count */
static int to_digits(char *out, uint64_t v, unsigned base, int upper)
{
        const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        int n = 0;

        do {
                out[n++] = digits[v % base];
                v /= base;
        } while (v != 0);
        return n;
}

static void emit_number(struct sink *s, uint64_t v, int negative, unsigned base, int upper,
                        const char *prefix, int width, int left, int zero)
{
        char digits[24];
        int nd = to_digits(digits, v, base, upper);
        int np = 0;
        int len, pad;

        while (prefix[np])
                np++;
        len = nd + np + (negative ? 1 : 0);
        pad = width > len ? width - len : 0;

        if (!left && !zero)
                emit_pad(s, ' ', pad);
        if (negative)
                emit(s, '-');
        for (int i = 0; i < np; i++)
                emit(s, prefix[i]);
        if (!left && zero)
                emit_pad(s, '0', pad);
        while (nd > 0)
                emit(s, digits[--nd]);
        if (left)
                emit_pad(s, ' ', pad);
}

static void emit_string(struct sink *s, const char *str, int width, int left)
{
        int len = 0;

        if (!str)
                str = "(null)";
        while (str[len])
                len++;
        if (!left)
                emit_pad(s, ' ', width - len);
        for (int i = 0; i < len; i++)
                emit(s, str[i]);
        if (left)
                emit_pad(s, ' ', width - len);
}

static int format(struct sink *s, const char *fmt, va_list ap)
{
        while (*fmt) {
                char c = *fmt++;
                int left = 0, zero = 0, width = 0, lng = 0;   /* lng: -2 hh, -1 h, 0, 1 l, 2 ll */
                const char *spec = fmt - 1;

                if (c != '%') {
                        emit(s, c);
                        continue;
                }
                for (;; fmt++) {
                        if (*fmt == '-')
                                left = 1;
                        else if (*fmt == '0')
                                zero = 1;
                        else
                                break;
                }
                if (*fmt == '*') {
                        width = va_arg(ap, int);
                        if (width < 0) {
                                left = 1;
                                width = -width;
                        }
                        fmt++;
                } else {
                        while (*fmt >= '0' && *fmt <= '9')
                                width = width * 10 + (*fmt++ - '0');
                }
                for (;; fmt++) {
                        if (*fmt == 'l')
                                lng = lng < 0 ? 1 : lng + 1;
                        else if (*fmt == 'h')
                                lng = lng > 0 ? 0 : lng - 1;
                        else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't')
                                lng = 2;
                        else
                                break;
                }

                c = *fmt;
                if (c == '\0') {
                        /* a lone '%' at the end: print what we consumed */
                        while (spec < fmt)
                                emit(s, *spec++);
                        break;
                }
                fmt++;

                if (c == '%') {
                        emit(s, '%');
                } else if (c == 'c') {
                        if (!left)
                                emit_pad(s, ' ', width - 1);
                        emit(s, (char)va_arg(ap, int));
                        if (left)
                                emit_pad(s, ' ', width - 1);
                } else if (c == 's') {
                        emit_string(s, va_arg(ap, const char *), width, left);
                } else if (c == 'd' || c == 'i') {
                        int64_t v;
                        uint64_t mag;

                        if (lng >= 1)
                                v = va_arg(ap, int64_t);
                        else
                                v = va_arg(ap, int);
                        if (lng == -1)
                                v = (int16_t)v;
                        else if (lng == -2)
                                v = (int8_t)v;
                        mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
                        emit_number(s, mag, v < 0, 10, 0, "", width, left, zero);
                } else if (c == 'u' || c == 'x' || c == 'X') {
                        uint64_t v;

                        if (lng >= 1)
                                v = va_arg(ap, uint64_t);
                        else
                                v = va_arg(ap, unsigned int);
                        if (lng == -1)
                                v = (uint16_t)v;
                        else if (lng == -2)
                                v = (uint8_t)v;
                        emit_number(s, v, 0, c == 'u' ? 10 : 16, c == 'X', "", width, left, zero);
                } else if (c == 'p') {
                        uint64_t v = (uint64_t)(uintptr_t)va_arg(ap, void *);

                        /* always 0x + 16 digits: addresses line up */
                        emit_number(s, v, 0, 16, 0, "0x", 18, 0, 1);
                } else {
                        /* unknown conversion: print the specification verbatim */
                        while (spec < fmt)
                                emit(s, *spec++);
                }
        }
        return s->count;
}

static void put_uart(struct sink *s, char c)
{
        (void)s;
        uart_putc(c);
}

static void put_buf(struct sink *s, char c)
{
        if (s->pos + 1 < s->size)
                s->buf[s->pos] = c;
        s->pos++;
}

int vprintf(const char *fmt, va_list ap)
{
        struct sink s = { .put = put_uart };

        return format(&s, fmt, ap);
}

int printf(const char *fmt, ...)
{
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vprintf(fmt, ap);
        va_end(ap);
        return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
        struct sink s = { .put = put_buf, .buf = buf, .size = size };
        int n = format(&s, fmt, ap);

        if (size > 0)
                buf[s.pos < size ? s.pos : size - 1] = '\0';
        return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(buf, size, fmt, ap);
        va_end(ap);
        return n;
}
