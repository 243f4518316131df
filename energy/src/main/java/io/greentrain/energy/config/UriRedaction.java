package io.greentrain.energy.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from URIs before they are written anywhere a person or another program reads (the carbon
 * ledger, {@code summary.json}, {@code job.conf}, markers, logs): the user information of {@code scheme://user:password@host}
 * and the values of query parameters that carry secrets ({@code ?sig=}, {@code token=}, {@code key=}, ...). The
 * rest of the URI stays as it was, so a person can still tell which file it names. Works on any text, with URIs
 * anywhere in it. Stateless and thread-safe.
 */
public final class UriRedaction {

    /** What a removed secret is replaced with. */
    public static final String REDACTED = "REDACTED";

    /**
     * {@code scheme://user:password@}: user information with a password (a user name alone, such as an ABFS
     * container in {@code abfss://container@account...}, names a place and stays).
     */
    private static final Pattern USER_INFO = Pattern.compile(
            "(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@:\\s\"']*:[^/?#@\\s\"']*@");

    /**
     * Query or fragment parameters whose value is a secret: SAS and presigned-URL signatures, tokens, keys,
     * passwords and credentials (any parameter whose name contains one of those words).
     */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;#][^=&;#\\s\"']*(?:sig|signature|token|key|secret|password|passwd|pwd|credential|auth)"
                    + "[^=&;#\\s\"']*=)[^&;#\\s\"']*");

    private UriRedaction() {
    }

    /** {@code text} with every URI's credentials replaced by {@value #REDACTED}; null stays null. */
    public static String redact(String text) {
        if (text == null || (text.indexOf('@') < 0 && text.indexOf('=') < 0)) {
            return text;
        }
        String withoutUsers = USER_INFO.matcher(text).replaceAll(match ->
                Matcher.quoteReplacement(match.group(1) + REDACTED + "@"));
        return SECRET_PARAMETER.matcher(withoutUsers).replaceAll(match ->
                Matcher.quoteReplacement(match.group(1) + REDACTED));
    }

    /** Redacts every text value in {@code json} (objects and arrays, at any depth) in place. */
    public static void redactTextValues(com.fasterxml.jackson.databind.JsonNode json) {
        if (json instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            java.util.List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                com.fasterxml.jackson.databind.JsonNode value = object.get(name);
                if (value.isTextual()) {
                    object.put(name, redact(value.asText()));
                } else {
                    redactTextValues(value);
                }
            }
        } else if (json instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, array.textNode(redact(array.get(i).asText())));
                } else {
                    redactTextValues(array.get(i));
                }
            }
        }
    }
}
