package dev.hfjobs.robust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Submit request bodies that must be refused, by what is wrong with them. Each holds the job
 * secret values somewhere, so that a refusal that echoes the request would be caught.
 */
final class BadRequests {
    static final String SECRETS = "\"secrets\": {\"WANDB_API_KEY\": \"s3cr3t-wandb-value\", \"HF_TOKEN\": \"s3cr3t-hf-value\"}";
    /** Valid as it is: every bad body below breaks exactly one thing of it (or the JSON itself). */
    static final String VALID = "{\"image\": \"python:3.12\", \"command\": [\"python\", \"train.py\"], " + SECRETS
            + ", \"timeout\": \"10m\", \"labels\": {\"team\": \"ml\"}, \"env\": {\"EPOCHS\": \"3\"}}";

    private BadRequests() {}

    /** A valid request with {@code field} set to the raw JSON {@code value}. */
    static String with(String field, String value) {
        return "{\"image\": \"python:3.12\", \"command\": [\"python\", \"train.py\"], " + SECRETS
                + ", \"" + field + "\": " + value + "}";
    }

    static String deep(String open, String close, int depth) {
        return open.repeat(depth) + close.repeat(depth);
    }

    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == '"' || cp == '\\') {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }

    /** Name → body; every one must be refused before anything is sent to the Hub. */
    static Map<String, String> bodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        // malformed JSON
        List<String> malformed = List.of("{", "}", "{\"image\":", "nul", "[1, 2", "{'image': 'python:3.12'}",
                "{\"image\": \"python:3.12\",}", VALID + "x", VALID + " " + VALID, "{\"timeout\": NaN}",
                "{\"image\": \"py\u0000thon\"", "\uFEFF" + VALID.substring(0, 40), "{\"a\" \"b\"}",
                "{\"image\": \"unterminated}");
        for (int i = 0; i < malformed.size(); i++) {
            bodies.put("malformed json #" + i, malformed.get(i));
        }
        // not an object, or empty
        for (String notObject : List.of("null", "[]", "\"python:3.12\"", "42", "true", "{}", "[" + VALID + "]")) {
            bodies.put("not a request object: " + notObject.substring(0, Math.min(20, notObject.length())), notObject);
        }
        // wrong types for every field
        Map<String, List<String>> wrongTypes = new LinkedHashMap<>();
        wrongTypes.put("image", List.of("42", "true", "[\"python\"]", "{\"a\": 1}", "null", "\"\""));
        wrongTypes.put("command", List.of("\"python train.py\"", "42", "[]", "[1, 2]", "[null]", "[[\"python\"]]",
                "{\"0\": \"python\"}", "null", "[\" \"]"));
        wrongTypes.put("env", List.of("\"A=1\"", "[\"A=1\"]", "{\"A\": 1}", "{\"A\": null}", "{\"A\": {\"b\": 1}}", "42"));
        wrongTypes.put("secrets", List.of("\"s3cr3t-wandb-value\"", "[\"s3cr3t-hf-value\"]", "{\"X\": 5}", "true"));
        wrongTypes.put("flavor", List.of("42", "true", "[\"cpu-basic\"]", "{}", "\"\""));
        wrongTypes.put("timeout", List.of("true", "[10]", "{\"m\": 10}", "\"10x\"", "\"-5m\"", "\"0\"", "0", "-1",
                "\"\"", "\"1e12h\"", "99999999999999999999", "0.4", "\"10 minutes\"", "\"PT10M\"", "\"nanm\""));
        wrongTypes.put("labels", List.of("\"team=ml\"", "[\"team\"]", "{\"team\": 1}", "{\"team\": null}",
                "{\"team\": [\"ml\"]}", "42"));
        wrongTypes.put("volumes", List.of("\"dataset:x\"", "{}", "[1]", "[{\"type\": \"dataset\"}]",
                "[{\"type\": \"bogus\", \"source\": \"a/b\", \"mountPath\": \"/data\"}]", "42"));
        wrongTypes.put("namespace", List.of("42", "true", "[\"alice\"]", "{}", "\"\""));
        wrongTypes.put("timout", List.of("\"10m\"")); // a misspelt field
        wrongTypes.put("hfjobs-tracking", List.of("\"x\""));
        wrongTypes.forEach((field, values) -> values.forEach(value ->
                bodies.put("wrong type: " + field + " = " + value, with(field, value))));
        // deep nesting and huge bodies
        bodies.put("10,000 nested arrays", deep("[", "]", 10_000));
        bodies.put("10,000 nested objects", deep("{\"a\":", "}", 10_000).replace("{\"a\":}", "{\"a\":1}"));
        bodies.put("deep nesting inside a field", with("labels", deep("{\"a\":", "}", 5_000)));
        bodies.put("200 nested arrays as env", with("env", deep("[", "]", 200)));
        bodies.put("huge body (300 KB)", with("env", "{\"BIG\": \"" + "x".repeat(300_000) + "\"}"));
        bodies.put("oversized env value (70,000 chars)", with("env", "{\"BIG\": \"" + "x".repeat(70_000) + "\"}"));
        bodies.put("oversized command item", "{\"image\": \"python:3.12\", \"command\": [\"" + "y".repeat(70_000)
                + "\"], " + SECRETS + "}");
        bodies.put("oversized label value", with("labels", "{\"team\": \"" + "m".repeat(101) + "\"}"));
        bodies.put("oversized label key", with("labels", "{\"" + "k".repeat(101) + "\": \"ml\"}"));
        bodies.put("oversized image", "{\"image\": \"" + "p".repeat(1_100) + "\", \"command\": [\"x\"]}");
        bodies.put("oversized env name", with("env", "{\"" + "E".repeat(300) + "\": \"1\"}"));
        bodies.put("oversized namespace", with("namespace", quote("a".repeat(200))));
        // unicode and control characters in string fields and names
        List<String> nasty = List.of("py\u0000thon", "python\r\nX-Injected: 1", "python\u202E", "pyth\u00F6n",
                "\uD83D\uDE00", "python\u2028", "python\t3.12", "python 3.12", "\u0007");
        for (int i = 0; i < nasty.size(); i++) {
            String text = quote(nasty.get(i));
            bodies.put("control/unicode #" + i + " in image", "{\"image\": " + text + ", \"command\": [\"x\"], "
                    + SECRETS + "}");
            bodies.put("control/unicode #" + i + " in flavor", with("flavor", text));
            bodies.put("control/unicode #" + i + " in label value", with("labels", "{\"team\": " + text + "}"));
            bodies.put("control/unicode #" + i + " in label key", with("labels", "{" + text + ": \"ml\"}"));
            bodies.put("control/unicode #" + i + " in env name", with("env", "{" + text + ": \"1\"}"));
            bodies.put("control/unicode #" + i + " in secret name", "{\"image\": \"python:3.12\", \"command\": [\"x\"],"
                    + " \"secrets\": {" + text + ": \"s3cr3t-wandb-value\"}}");
            bodies.put("control/unicode #" + i + " in namespace", with("namespace", text));
            bodies.put("control/unicode #" + i + " in timeout", with("timeout", text));
        }
        bodies.put("NUL in a command item", with("env", "{\"A\": \"1\"}").replace("\"train.py\"", "\"tr\\u0000ain.py\""));
        bodies.put("NUL in an env value", with("env", "{\"A\": \"x\\u0000y\"}"));
        bodies.put("NUL in a secret value", "{\"image\": \"python:3.12\", \"command\": [\"x\"], "
                + "\"secrets\": {\"A\": \"s3cr3t-wandb-value\\u0000\"}}");
        // path traversal and URL tricks in the namespace
        for (String ns : traversals()) {
            bodies.put("namespace trick " + printable(ns), with("namespace", quote(ns)));
        }
        // names: reserved labels, bad env names
        bodies.put("reserved label key", with("labels", "{\"hfjobs-tracking\": \"abc\"}"));
        bodies.put("env name starting with a digit", with("env", "{\"1ABC\": \"1\"}"));
        bodies.put("env name with '='", with("env", "{\"A=B\": \"1\"}"));
        bodies.put("empty env name", with("env", "{\"\": \"1\"}"));
        // unknown flavors (the catalog is read for these: a GET, never a POST)
        for (String flavor : List.of("h100x99", "a10g-gigantic", "cpu-basic-", "A10G-SMALL", "a10g_small")) {
            bodies.put("unknown flavor " + flavor, with("flavor", quote(flavor)));
        }
        return bodies;
    }

    /** Namespace and job id tricks: traversal, encoded separators, query and fragment marks, long. */
    static List<String> traversals() {
        return List.of("..", ".", "../alice", "..%2Falice", "%2e%2e", "%2E%2E%2F", "a/b", "a%2Fb", "a;b", "a?b=1",
                "a#frag", "a\u2215b", "a\uFF0Fb", "a\\b", "a%00b", "-alice", "alice.", "a".repeat(97),
                "x".repeat(5_000), "alice/../bob", "%252e%252e", " alice", "alice ", "al ice");
    }

    static String printable(String text) {
        String cut = text.length() > 30 ? text.substring(0, 30) + "…(" + text.length() + ")" : text;
        StringBuilder sb = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp > 0x7e) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    static List<String> names(Map<String, String> map) {
        return new ArrayList<>(map.keySet());
    }
}
