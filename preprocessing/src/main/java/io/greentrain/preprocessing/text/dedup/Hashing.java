package io.greentrain.preprocessing.text.dedup;

/** 64-bit hashing of strings (FNV-1a over UTF-16 units, then the MurmurHash3 finaliser) and mixing. */
final class Hashing {

    private Hashing() {
    }

    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** The MurmurHash3 64-bit finaliser: every input bit affects every output bit. */
    static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return z;
    }
}
