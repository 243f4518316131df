"""A steady GPU load for the NVML check: float32 matrix multiplications on every visible GPU.

usage: python3 gpu_load.py --framework torch|cupy --seconds S [--size N]

Prints one line at the end: the framework, the devices, the multiplications done and the
sustained TFLOP/s. Exits 3 when the framework or a GPU is missing, so the caller can try another.
"""
import argparse
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framework", choices=["torch", "cupy"], required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--size", type=int, default=8192)
    args = parser.parse_args()
    try:
        if args.framework == "torch":
            import torch
            devices = torch.cuda.device_count()
            if devices == 0:
                raise RuntimeError("torch sees no CUDA device")
            matrices = [torch.randn(args.size, args.size, device=f"cuda:{d}") for d in range(devices)]

            def multiply(d):
                torch.matmul(matrices[d], matrices[d])

            def synchronize():
                for d in range(devices):
                    torch.cuda.synchronize(d)
        else:
            import cupy
            devices = cupy.cuda.runtime.getDeviceCount()
            if devices == 0:
                raise RuntimeError("cupy sees no CUDA device")
            matrices = []
            for d in range(devices):
                with cupy.cuda.Device(d):
                    matrices.append(cupy.random.rand(args.size, args.size, dtype=cupy.float32))

            def multiply(d):
                with cupy.cuda.Device(d):
                    cupy.matmul(matrices[d], matrices[d])

            def synchronize():
                for d in range(devices):
                    cupy.cuda.Device(d).synchronize()
    except Exception as error:  # the framework is absent or unusable here: let the caller try another
        print(f"gpu_load: {args.framework} unusable: {error}", file=sys.stderr)
        sys.exit(3)
    start = time.time()
    done = 0
    while time.time() - start < args.seconds:
        for _ in range(10):
            for d in range(devices):
                multiply(d)
        synchronize()
        done += 10 * devices
    elapsed = time.time() - start
    tflops = done * 2 * args.size ** 3 / elapsed / 1e12
    print(f"gpu_load: {args.framework}, {devices} GPU(s), {done} float32 {args.size}x{args.size} "
          f"multiplications in {elapsed:.1f} s, {tflops:.1f} TFLOP/s")


if __name__ == "__main__":
    main()
