// A steady GPU load for the NVML check when neither PyTorch nor CuPy is installed: a tiled float32
// matrix multiplication repeated on every visible GPU for the given number of seconds.
//
// usage: gpu-load SECONDS [N]      (N: matrix size, a multiple of 32, default 4096)
//        gpu-load --check          exits 0 when a CUDA device can be used, 3 otherwise
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <cuda_runtime.h>

#define TILE 32

__global__ void multiply(const float *a, const float *b, float *c, int n) {
    __shared__ float tileA[TILE][TILE];
    __shared__ float tileB[TILE][TILE];
    int row = blockIdx.y * TILE + threadIdx.y;
    int col = blockIdx.x * TILE + threadIdx.x;
    float sum = 0.0f;
    for (int t = 0; t < n; t += TILE) {
        tileA[threadIdx.y][threadIdx.x] = a[row * n + t + threadIdx.x];
        tileB[threadIdx.y][threadIdx.x] = b[(t + threadIdx.y) * n + col];
        __syncthreads();
        for (int k = 0; k < TILE; ++k) {
            sum += tileA[threadIdx.y][k] * tileB[k][threadIdx.x];
        }
        __syncthreads();
    }
    c[row * n + col] = sum;
}

static int usable(cudaError_t status, const char *what) {
    if (status != cudaSuccess) {
        fprintf(stderr, "gpu-load: %s: %s\n", what, cudaGetErrorString(status));
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    int devices = 0;
    if (!usable(cudaGetDeviceCount(&devices), "cudaGetDeviceCount") || devices == 0) {
        fprintf(stderr, "gpu-load: no usable CUDA device\n");
        return 3;
    }
    if (argc > 1 && std::string(argv[1]) == "--check") {
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: gpu-load SECONDS [N]\n");
        return 2;
    }
    double seconds = atof(argv[1]);
    int n = argc > 2 ? atoi(argv[2]) : 4096;
    if (seconds <= 0 || n <= 0 || n % TILE != 0) {
        fprintf(stderr, "gpu-load: SECONDS must be positive and N a positive multiple of %d\n", TILE);
        return 2;
    }
    size_t bytes = (size_t) n * n * sizeof(float);
    std::vector<float> host((size_t) n * n);
    for (size_t i = 0; i < host.size(); ++i) host[i] = (float) (i % 97) / 97.0f;
    std::vector<float *> a(devices), b(devices), c(devices);
    for (int d = 0; d < devices; ++d) {
        if (!usable(cudaSetDevice(d), "cudaSetDevice") || !usable(cudaMalloc(&a[d], bytes), "cudaMalloc")
                || !usable(cudaMalloc(&b[d], bytes), "cudaMalloc") || !usable(cudaMalloc(&c[d], bytes), "cudaMalloc")
                || !usable(cudaMemcpy(a[d], host.data(), bytes, cudaMemcpyHostToDevice), "cudaMemcpy")
                || !usable(cudaMemcpy(b[d], host.data(), bytes, cudaMemcpyHostToDevice), "cudaMemcpy")) {
            return 3;
        }
    }
    dim3 block(TILE, TILE);
    dim3 grid(n / TILE, n / TILE);
    auto start = std::chrono::steady_clock::now();
    long done = 0;
    double elapsed = 0;
    while (elapsed < seconds) {
        for (int d = 0; d < devices; ++d) {
            cudaSetDevice(d);
            multiply<<<grid, block>>>(a[d], b[d], c[d], n);
        }
        for (int d = 0; d < devices; ++d) {
            cudaSetDevice(d);
            if (!usable(cudaDeviceSynchronize(), "kernel")) return 3;
        }
        done += devices;
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    printf("gpu-load: CUDA C, %d GPU(s), %ld float32 %dx%d multiplications in %.1f s, %.1f TFLOP/s\n", devices, done, n,
           n, elapsed, done * 2.0 * n * n * n / elapsed / 1e12);
    return 0;
}
