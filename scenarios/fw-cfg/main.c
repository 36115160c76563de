/*
 * fw-cfg: QEMU's firmware configuration device on the virt board (0x0902_0000,
 * docs/specs/fw_cfg.rst), probed the way firmware does it: the signature and feature ID,
 * the small items, the file directory and the small files' contents through the data
 * register at every access width, then the same through DMA (select, read, skip, the
 * write that fails on a read-only item, zero fill past an item's end, a target with
 * nothing behind it). The generated ACPI tables and table-loader are only listed: their
 * contents are QEMU's and the model does not reproduce them.
 */
#include "runtime.h"

#define FW_CFG_BASE      0x09020000UL
#define FW_CFG_DATA      (FW_CFG_BASE + 0x0)   /* 8 bytes wide, item bytes in order */
#define FW_CFG_SELECTOR  (FW_CFG_BASE + 0x8)   /* 16-bit, big-endian */
#define FW_CFG_DMA       (FW_CFG_BASE + 0x10)  /* 64-bit, big-endian; the low half starts DMA */

#define KEY_SIGNATURE      0x00
#define KEY_ID             0x01
#define KEY_UUID           0x02
#define KEY_NOGRAPHIC      0x04
#define KEY_NB_CPUS        0x05
#define KEY_BOOT_MENU      0x0e
#define KEY_MAX_CPUS       0x0f
#define KEY_FILE_DIR       0x19
#define KEY_WRITE_CHANNEL  0x4000
#define KEY_ARCH_LOCAL     0x8000

#define DMA_ERROR   0x01
#define DMA_READ    0x02
#define DMA_SKIP    0x04
#define DMA_SELECT  0x08
#define DMA_WRITE   0x10

/* Unassigned physical space just past fw_cfg's 0x18-byte window. */
#define UNASSIGNED_PA  (FW_CFG_BASE + 0x100)

struct fw_cfg_dma_access {      /* every field big-endian */
        uint32_t control;
        uint32_t length;
        uint64_t address;
};

struct fw_cfg_file {
        uint32_t size;
        uint16_t select;
        char name[56];
};

static struct fw_cfg_file files[32];
static unsigned nfiles;
static struct fw_cfg_dma_access access __attribute__((aligned(16)));
static uint8_t buf[512] __attribute__((aligned(16)));

static void select_key(uint16_t key) { *(volatile uint16_t *)FW_CFG_SELECTOR = __builtin_bswap16(key); }
static uint8_t data8(void) { return *(volatile uint8_t *)FW_CFG_DATA; }
static uint16_t data16(void) { return *(volatile uint16_t *)FW_CFG_DATA; }
static uint32_t data32(void) { return *(volatile uint32_t *)FW_CFG_DATA; }
static uint64_t data64(void) { return *(volatile uint64_t *)FW_CFG_DATA; }

static void dump(const char *label, const uint8_t *p, unsigned n)
{
        printf("%s (%u bytes):", label, n);
        for (unsigned i = 0; i < n; i++)
                printf("%s%02x", i % 32 == 0 ? "\n  " : " ", p[i]);
        printf("\n");
}

static const struct fw_cfg_file *find(const char *name)
{
        for (unsigned i = 0; i < nfiles; i++) {
                const char *a = files[i].name, *b = name;
                while (*a && *a == *b) a++, b++;
                if (*a == *b) return &files[i];
        }
        printf("no file %s\n", name);
        exit_status(STATUS_CHECK_FAILED);
}

/* One DMA request; `split`: the address as two 32-bit writes (high half first) instead of one 64-bit. */
static uint32_t dma(uint32_t control, uint32_t length, uint64_t address, int split)
{
        access.control = __builtin_bswap32(control);
        access.length = __builtin_bswap32(length);
        access.address = __builtin_bswap64(address);
        uint64_t pa = (uint64_t)&access;
        dsb(sy);
        if (split) {
                *(volatile uint32_t *)FW_CFG_DMA = __builtin_bswap32((uint32_t)(pa >> 32));
                *(volatile uint32_t *)(FW_CFG_DMA + 4) = __builtin_bswap32((uint32_t)pa);
        } else {
                *(volatile uint64_t *)FW_CFG_DMA = __builtin_bswap64(pa);
        }
        dsb(sy);
        return __builtin_bswap32(*(volatile uint32_t *)&access.control);
}

static void probe_items(void)
{
        select_key(KEY_SIGNATURE);
        printf("signature:");
        for (int i = 0; i < 6; i++) {
                uint8_t c = data8();
                printf(" %02x", c);
                if (c >= 0x20 && c < 0x7f) printf("'%c'", c);
        }
        printf("\n");
        select_key(KEY_ID);
        uint32_t id = data32();
        printf("id=0x%08x traditional=%u dma=%u\n", id, id & 1, (id >> 1) & 1);
        select_key(KEY_UUID);
        for (unsigned i = 0; i < 16; i++) buf[i] = data8();
        dump("uuid", buf, 16);
        select_key(KEY_NB_CPUS);
        uint16_t cpus = data16();
        select_key(KEY_MAX_CPUS);
        uint16_t max_cpus = data16();
        select_key(KEY_NOGRAPHIC);
        uint16_t nographic = data16();
        select_key(KEY_BOOT_MENU);
        uint16_t boot_menu = data16();
        printf("nb_cpus=%u max_cpus=%u nographic=%u boot_menu=%u\n", cpus, max_cpus, nographic, boot_menu);
}

static void probe_directory(void)
{
        select_key(KEY_FILE_DIR);
        nfiles = __builtin_bswap32(data32());
        printf("file directory: %u files\n", nfiles);
        if (nfiles > ARRAY_SIZE(files)) exit_status(STATUS_CHECK_FAILED);
        for (unsigned i = 0; i < nfiles; i++) {
                struct fw_cfg_file *f = &files[i];
                f->size = __builtin_bswap32(data32());
                f->select = __builtin_bswap16(data16());
                uint16_t reserved = data16();
                for (unsigned j = 0; j < sizeof f->name; j += 8) {
                        uint64_t w = data64();
                        for (unsigned k = 0; k < 8; k++) f->name[j + k] = (char)(w >> (8 * k));
                }
                f->name[sizeof f->name - 1] = 0;
                printf("  select=0x%04x size=%u reserved=%u name=%s\n", f->select, f->size, reserved, f->name);
        }
        uint64_t rest = 0;
        for (unsigned i = 0; i < 8; i++) rest |= data64();
        printf("entry after the last: %s\n", rest == 0 ? "zero" : "NOT ZERO");
}

static void probe_files(void)
{
        static const char *const small[] = {
                "bios-geometry", "bootorder", "etc/boot-fail-wait", "etc/tpm/log",
                "etc/acpi/rsdp", "etc/smbios/smbios-anchor", "etc/smbios/smbios-tables",
        };
        for (unsigned i = 0; i < ARRAY_SIZE(small); i++) {
                const struct fw_cfg_file *f = find(small[i]);
                select_key(f->select);
                unsigned n = f->size < sizeof buf ? f->size : sizeof buf;
                for (unsigned j = 0; j < n; j++) buf[j] = data8();
                dump(f->name, buf, n);
                printf("  then: %02x %02x\n", data8(), data8());
        }
        /* The SMBIOS structures: type, length and handle of each. */
        const struct fw_cfg_file *t = find("etc/smbios/smbios-tables");
        select_key(t->select);
        for (unsigned j = 0; j < t->size; j++) buf[j] = data8();
        for (unsigned at = 0; at + 4 <= t->size;) {
                printf("smbios type %u length %u handle 0x%04x\n", buf[at], buf[at + 1], buf[at + 2] | (buf[at + 3] << 8));
                at += buf[at + 1];
                while (at + 1 < t->size && (buf[at] || buf[at + 1])) at++;
                at += 2;
        }
}

static void probe_widths(void)
{
        select_key(KEY_SIGNATURE);
        uint16_t a = data16(), b = data16(), c = data16();
        printf("16-bit reads of the signature: 0x%04x 0x%04x 0x%04x\n", a, b, c);
        select_key(KEY_SIGNATURE);
        uint8_t q = data8();
        uint32_t emu = data32();
        printf("8 then 32: 0x%02x 0x%08x\n", q, emu);
        select_key(KEY_SIGNATURE);
        printf("64-bit read of the signature: 0x%016llx\n", (unsigned long long)data64());
        select_key(KEY_FILE_DIR);
        printf("64-bit read of the directory: 0x%016llx\n", (unsigned long long)data64());
        select_key(find("etc/boot-fail-wait")->select);
        uint16_t lo = data16();
        uint64_t tail = data64();
        printf("boot-fail-wait as 16 then 64: 0x%04x 0x%016llx\n", lo, (unsigned long long)tail);
        select_key(KEY_SIGNATURE | KEY_WRITE_CHANNEL);
        printf("key 0x4000 (write channel bit): 0x%08x\n", data32());
        select_key(KEY_FILE_DIR | KEY_WRITE_CHANNEL);
        printf("key 0x4019: 0x%08x\n", data32());
        select_key(KEY_SIGNATURE | KEY_ARCH_LOCAL);
        printf("key 0x8000 (architecture-local): 0x%08x\n", data32());
        select_key(0x40);
        printf("key 0x40 (past the file slots): 0x%08x\n", data32());
        select_key(0x3fff);
        printf("key 0x3fff: 0x%08x\n", data32());
        /* Data register writes are ignored: the offset does not move. */
        select_key(KEY_SIGNATURE);
        uint8_t first = data8();
        *(volatile uint8_t *)FW_CFG_DATA = 0x55;
        *(volatile uint64_t *)FW_CFG_DATA = 0x1122334455667788ULL;
        uint8_t second = data8();
        printf("around data writes: 0x%02x 0x%02x\n", first, second);
}

static void fill(uint8_t v, unsigned n) { memset(buf, v, n); dsb(sy); }

static void probe_dma(void)
{
        volatile uint8_t *dreg = (volatile uint8_t *)FW_CFG_DMA;
        printf("dma register: 0x%016llx 0x%08x 0x%08x 0x%04x 0x%02x 0x%02x\n",
               (unsigned long long)*(volatile uint64_t *)dreg, *(volatile uint32_t *)dreg,
               *(volatile uint32_t *)(dreg + 4), *(volatile uint16_t *)(dreg + 6), dreg[0], dreg[7]);

        fill(0xaa, 16);
        uint32_t st = dma(KEY_SIGNATURE << 16 | DMA_SELECT | DMA_READ, 4, (uint64_t)buf, 0);
        dump("select+read signature (64-bit address write)", buf, 8);
        printf("  control=0x%08x\n", st);

        fill(0xaa, 80);
        st = dma(KEY_FILE_DIR << 16 | DMA_SELECT | DMA_READ, 68, (uint64_t)buf, 1);
        printf("select+read directory (two 32-bit writes): control=0x%08x count=%u first=%s size=%u\n",
               st, buf[3], (char *)buf + 12, buf[7]);
        printf("  bytes after: %02x %02x\n", buf[68], buf[79]);
        /* The offset is shared with the data register. */
        uint32_t next_size = __builtin_bswap32(data32());
        printf("  next via data: size=%u select=0x%04x\n", next_size, __builtin_bswap16(data16()));

        const struct fw_cfg_file *t = find("etc/smbios/smbios-tables");
        select_key(t->select);
        st = dma(DMA_SKIP, 27, 0, 0);
        fill(0, 32);
        uint32_t st2 = dma(DMA_READ, 26, (uint64_t)buf, 0);
        printf("skip 27, read 26 of smbios-tables: control=0x%08x 0x%08x \"%s\" \"%s\"\n", st, st2, (char *)buf, (char *)buf + 5);

        fill(0xaa, 16);
        st = dma(find("etc/boot-fail-wait")->select << 16 | DMA_SELECT | DMA_READ, 10, (uint64_t)buf, 0);
        dump("read 10 of boot-fail-wait (4 bytes)", buf, 12);
        printf("  control=0x%08x\n", st);

        fill(0xaa, 8);
        st = dma(0x3fff << 16 | DMA_SELECT | DMA_READ, 6, (uint64_t)buf, 0);
        dump("read 6 of invalid key 0x3fff", buf, 8);
        printf("  control=0x%08x\n", st);

        st = dma(KEY_SIGNATURE << 16 | DMA_SELECT | DMA_WRITE, 2, (uint64_t)buf, 0);
        printf("write 2 to the signature: control=0x%08x, then data: 0x%04x\n", st, data16());
        st = dma(DMA_WRITE, 4, (uint64_t)buf, 0);
        printf("write 4 past its end: control=0x%08x\n", st);
        st = dma(KEY_ID << 16 | DMA_SELECT | DMA_WRITE, 0, (uint64_t)buf, 0);
        printf("write 0 to the id: control=0x%08x, then data: 0x%08x\n", st, data32());
        st = dma(KEY_MAX_CPUS << 16 | DMA_SELECT | DMA_WRITE, 2, (uint64_t)buf, 0);
        printf("write 2 to an absent item: control=0x%08x\n", st);

        fill(0xaa, 8);
        st = dma(KEY_ID << 16 | DMA_SELECT, 8, (uint64_t)buf, 0);
        printf("select only, length 8: control=0x%08x buf[0]=%02x, then data: 0x%08x\n", st, buf[0], data32());

        fill(0xaa, 8);
        st = dma(KEY_SIGNATURE << 16 | DMA_SELECT | DMA_READ | DMA_WRITE | DMA_SKIP | DMA_ERROR, 4, (uint64_t)buf, 0);
        dump("read+write+skip+error bits on the signature", buf, 8);
        printf("  control=0x%08x\n", st);

        st = dma(KEY_SIGNATURE << 16 | DMA_SELECT | DMA_READ, 2, UNASSIGNED_PA, 0);
        printf("read 2 into unassigned space: control=0x%08x, then data: 0x%04x\n", st, data16());
        fill(0xaa, 8);
        st = dma(DMA_READ, 4, UNASSIGNED_PA, 0);
        printf("zero fill into unassigned space: control=0x%08x\n", st);

        /* A transfer resets the address: the low half alone starts one at a high half of 0. */
        access.control = __builtin_bswap32(KEY_SIGNATURE << 16 | DMA_SELECT | DMA_READ);
        access.length = __builtin_bswap32(4);
        access.address = __builtin_bswap64((uint64_t)buf);
        fill(0, 8);
        *(volatile uint32_t *)(FW_CFG_DMA + 4) = __builtin_bswap32((uint32_t)(uint64_t)&access);
        dsb(sy);
        printf("low half only: control=0x%08x \"%s\"\n", __builtin_bswap32(*(volatile uint32_t *)&access.control), (char *)buf);
}

int main(void)
{
        probe_items();
        probe_directory();
        probe_files();
        probe_widths();
        probe_dma();
        return 0;
}
