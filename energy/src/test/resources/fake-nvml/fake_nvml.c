/*
 * A stand-in for libnvidia-ml.so with the signatures and struct layout of nvml.h, so that the JNA
 * binding can be tested on machines without an NVIDIA driver. Device 0 has an energy counter
 * above 2^32 mJ and a power reading above 2^31 mW (to catch signed or 32-bit mappings); device 1
 * has no energy counter, as on GPUs older than Volta.
 */
#include <stdio.h>
#include <string.h>

typedef int nvmlReturn_t;
typedef struct fake_device { unsigned int index; } *nvmlDevice_t;

typedef struct {
    char busIdLegacy[16];
    unsigned int domain;
    unsigned int bus;
    unsigned int device;
    unsigned int pciDeviceId;
    unsigned int pciSubSystemId;
    char busId[32];
} nvmlPciInfo_t;

static struct fake_device devices[2] = {{0}, {1}};
static int initialised = 0;

nvmlReturn_t nvmlInit_v2(void) { initialised = 1; return 0; }
nvmlReturn_t nvmlShutdown(void) { initialised = 0; return 0; }

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) { *count = 2; return 0; }

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    if (index >= 2) return 2;
    *device = &devices[index];
    return 0;
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    snprintf(uuid, length, "GPU-%08u-1111-2222-3333-444444444444", device->index);
    return 0;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    snprintf(name, length, device->index == 0 ? "Fake Volta" : "Fake Pascal");
    return 0;
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t *pci) {
    memset(pci, 0x7f, sizeof(*pci));
    snprintf(pci->busIdLegacy, sizeof(pci->busIdLegacy), "0000:%02X:00.0", 0x17 + device->index);
    snprintf(pci->busId, sizeof(pci->busId), "00000000:%02X:00.0", 0x17 + device->index);
    return 0;
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    if (device->index == 1) return 3;
    *energy = 5000000000ULL;
    return 0;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    *power = device->index == 0 ? 3000000000U : 250000U;
    return 0;
}
