/*
 * pcie-ecam: configuration space through QEMU virt's ECAM window (PCI Express Base spec,
 * 7.2.2: bus << 20 | device << 15 | function << 12 | register), as kvm-unit-tests' PCI
 * library probes it: the host bridge at 00.00.0, absent functions (all ones), and the
 * writes a driver does (command register, BAR sizing).
 */
#include "runtime.h"

#define ECAM 0x4010000000UL
#define CFG(bus, dev, fn, reg) (*(volatile uint32_t *)(ECAM + ((uint64_t)(bus) << 20) + ((dev) << 15) + ((fn) << 12) + (reg)))

int main(void)
{
        regs_dump("host-bridge", REG("id", CFG(0, 0, 0, 0x00)), REG("cmd_status", CFG(0, 0, 0, 0x04)),
                  REG("class_rev", CFG(0, 0, 0, 0x08)), REG("hdr", CFG(0, 0, 0, 0x0c)), REG("bar0", CFG(0, 0, 0, 0x10)),
                  REG("bar1", CFG(0, 0, 0, 0x14)), REG("subsys", CFG(0, 0, 0, 0x2c)), REG("cap", CFG(0, 0, 0, 0x34)),
                  REG("intr", CFG(0, 0, 0, 0x3c)), REG("ext0", CFG(0, 0, 0, 0x100)), NULL);
        regs_dump("absent", REG("dev1", CFG(0, 1, 0, 0)), REG("fn1", CFG(0, 0, 1, 0)), REG("bus1", CFG(1, 0, 0, 0)),
                  REG("dev31", CFG(0, 31, 0, 0)), NULL);
        CFG(0, 0, 0, 0x04) = 0xffff;
        CFG(0, 0, 0, 0x10) = 0xffffffff;
        CFG(0, 0, 0, 0x3c) = 0xffffffff;
        CFG(0, 1, 0, 0x04) = 0xffff;
        regs_dump("after-writes", REG("cmd_status", CFG(0, 0, 0, 0x04)), REG("bar0", CFG(0, 0, 0, 0x10)),
                  REG("intr", CFG(0, 0, 0, 0x3c)), REG("dev1", CFG(0, 1, 0, 0x04)), NULL);
        CFG(0, 0, 0, 0x04) = 0;
        return 0;
}
