package io.greentrain.energy.meter;

/** An NVML call that failed, with NVML's return code and its own description of it. */
public class NvmlException extends RuntimeException {

    private final int returnCode;

    public NvmlException(String call, int returnCode, String description) {
        super(call + " failed: NVML error " + returnCode + " (" + description + ")");
        this.returnCode = returnCode;
    }

    /** The {@code nvmlReturn_t} value, e.g. 3 for NVML_ERROR_NOT_SUPPORTED. */
    public int returnCode() {
        return returnCode;
    }
}
