/*
 * A stand-in for libnvidia-ml.so with the signatures and struct layout of nvml.h, so that the JNA
 * binding can be tested on machines without an NVIDIA driver. Device 0 has an energy counter
 * above 2^32 mJ and a power reading above 2^31 mW (to catch signed or 32-bit mappings); device 1
 * has no energy counter, as on GPUs older than Volta.
 *
 * Built with -DFAKE_NVML_LOAD_WATTS=W it behaves like GPUs under a steady load instead: device 0
 * draws W watts and its energy counter advances with real time in steps of
 * FAKE_NVML_COUNTER_STEP_MS (20 ms unless defined), as real counters update every few tens of
 * milliseconds; device 1 draws 250 W and has no counter.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

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

#ifdef FAKE_NVML_LOAD_WATTS
#ifndef FAKE_NVML_COUNTER_STEP_MS
#define FAKE_NVML_COUNTER_STEP_MS 20
#endif
static long long elapsed_millis(void) {
    static struct timespec start;
    struct timespec now;
    if (start.tv_sec == 0 && start.tv_nsec == 0) clock_gettime(CLOCK_MONOTONIC, &start);
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start.tv_sec) * 1000LL + (now.tv_nsec - start.tv_nsec) / 1000000LL;
}
#endif

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
#ifdef FAKE_NVML_LOAD_WATTS
    long long steps = elapsed_millis() / FAKE_NVML_COUNTER_STEP_MS;
    *energy = 5000000000ULL + (unsigned long long) (steps * FAKE_NVML_COUNTER_STEP_MS * FAKE_NVML_LOAD_WATTS);
    return 0;
#endif
    *energy = 5000000000ULL;
    return 0;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
#ifdef FAKE_NVML_LOAD_WATTS
    *power = device->index == 0 ? (unsigned int) (FAKE_NVML_LOAD_WATTS * 1000) : 250000U;
    return 0;
#endif
    *power = device->index == 0 ? 3000000000U : 250000U;
    return 0;
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    snprintf(version, length, "999.99-fake");
    return 0;
}
