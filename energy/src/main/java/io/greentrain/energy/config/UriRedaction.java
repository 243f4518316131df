package io.greentrain.energy.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from URIs before they are written anywhere a person or another program reads (the carbon
 * ledger, {@code summary.json}, {@code job.conf}, markers, logs): the user information of {@code scheme://user:password@host}
 * and the values of query parameters that carry secrets ({@code ?sig=}, {@code token=}, {@code key=}, ...). The
 * rest of the URI stays as it was, so a person can still tell which file it names. Works on any text, with URIs
 * ({@code scheme://...}, up to the next white space or quote) anywhere in it; text outside a URI is never changed,
 * and a parameter is a secret only when one of the words of its name is (so {@code ?author=} and
 * {@code ?keyword=} stay). Stateless and thread-safe.
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

    /** A URI, from its scheme to the next white space, quote or angle bracket. */
    private static final Pattern URI = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>]*");

    /** A query or fragment parameter of a URI: its name (group 1), with what leads it, and its value. */
    private static final Pattern PARAMETER = Pattern.compile("([?&;#][^=&;#]*=)([^&;#]*)");

    /** Where a parameter's name splits into words: punctuation, and a lower-case letter or digit before a capital. */
    private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");

    /**
     * Words that make a parameter a secret: SAS and presigned-URL signatures, tokens, keys, passwords and
     * credentials, alone or as the usual compounds ({@code apikey}, {@code accesstoken}, ...).
     */
    private static final Set<String> SECRET_WORDS = Set.of("sig", "signature", "token", "key", "secret", "password",
            "passwd", "pwd", "credential", "credentials", "auth", "authorization", "apikey", "accesskey",
            "secretkey", "accesstoken", "sessiontoken", "refreshtoken", "idtoken", "clientsecret", "sas");

    private UriRedaction() {
    }

    /** {@code text} with every URI's credentials replaced by {@value #REDACTED}; null stays null. */
    public static String redact(String text) {
        if (text == null || (text.indexOf('@') < 0 && text.indexOf('=') < 0)) {
            return text;
        }
        return URI.matcher(text).replaceAll(uri -> Matcher.quoteReplacement(redactUri(uri.group())));
    }

    private static String redactUri(String uri) {
        String withoutUser = USER_INFO.matcher(uri).replaceAll(match ->
                Matcher.quoteReplacement(match.group(1) + REDACTED + "@"));
        if (withoutUser.indexOf('=') < 0) {
            return withoutUser;
        }
        return PARAMETER.matcher(withoutUser).replaceAll(match -> Matcher.quoteReplacement(
                isSecretName(match.group(1)) ? match.group(1) + REDACTED : match.group()));
    }

    /** Whether a parameter (with its leading {@code ?&;#} and trailing {@code =}) names a secret. */
    private static boolean isSecretName(String parameter) {
        for (String word : WORD_BOUNDARY.split(parameter)) {
            if (SECRET_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
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
