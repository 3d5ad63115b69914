package dev.hfjobs.secrets;

import dev.hfjobs.model.Problem;
import dev.hfjobs.model.Validated;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a job secret reference may name, and how it is read: only Secrets Manager secrets whose
 * names start with {@link #namePrefix} and SSM parameters under {@link #parameterPath}, in the
 * stack's own account and region (the IAM policy the template grants says the same; this check
 * gives the caller a clear answer before any call), and never the function's own HF token secret.
 *
 * @param namePrefix e.g. {@code hf-jobs/}; never empty
 * @param parameterPath e.g. {@code /hf-jobs/}; starts and ends with '/'
 * @param region the functions' region
 * @param account the stack's account id, or null when unknown (then an ARN's account is not checked
 *     here, only by IAM)
 * @param tokenSecretId the HF token secret's name or ARN: no job may be given it
 */
public record SecretRules(String namePrefix, String parameterPath, String region, String account,
        String tokenSecretId) {
    /** The prefixes a deployment allows when its parameters are left alone. */
    public static final String DEFAULT_NAME_PREFIX = "hf-jobs/";
    public static final String DEFAULT_PARAMETER_PATH = "/hf-jobs/";

    // Secrets Manager names: letters, digits and /_+=.@- ; SSM names: letters, digits and /_.- .
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("/[A-Za-z0-9/_.-]{1,1010}");
    private static final Pattern JSON_KEY = Pattern.compile("[A-Za-z0-9_.@+=/-]{1,256}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):([0-9]{12}):secret:([^:]+)(?::(.*))?");
    private static final Pattern PARAMETER_ARN = Pattern.compile(
            "arn:(aws[a-z-]*):ssm:([a-z0-9-]+):([0-9]{12}):parameter(/.+)");
    private static final Pattern TOKEN_ARN_NAME = Pattern.compile(".*:secret:(.+)-[A-Za-z0-9]{6}");

    public SecretRules {
        Objects.requireNonNull(region, "region");
        namePrefix = namePrefix == null || namePrefix.isBlank() ? DEFAULT_NAME_PREFIX : namePrefix;
        parameterPath = parameterPath == null || parameterPath.isBlank() ? DEFAULT_PARAMETER_PATH : parameterPath;
        if (!parameterPath.startsWith("/") || !parameterPath.endsWith("/")) {
            throw new IllegalArgumentException("the parameter path must start and end with '/': " + parameterPath);
        }
        account = account == null || account.isBlank() ? null : account;
    }

    /**
     * The rules from the functions' environment: {@code JOB_SECRETS_NAME_PREFIX},
     * {@code JOB_SECRETS_PARAMETER_PATH}, {@code JOB_SECRETS_ACCOUNT}, the region and
     * {@code HF_TOKEN_SECRET_ID}.
     */
    public static SecretRules fromEnvironment(Map<String, String> env, String region) {
        return new SecretRules(env.get("JOB_SECRETS_NAME_PREFIX"), env.get("JOB_SECRETS_PARAMETER_PATH"), region,
                env.get("JOB_SECRETS_ACCOUNT"), env.getOrDefault("HF_TOKEN_SECRET_ID", "hf-jobs/token"));
    }

    /** The rule a reference breaks, stated for a caller. */
    public String rule() {
        return "must name a Secrets Manager secret whose name starts with '" + namePrefix + "' or an SSM parameter "
                + "under '" + parameterPath + "', in region " + region + (account == null ? "" : " of account "
                + account) + ": an ARN, a secret name (optionally ':json-key') or a parameter name";
    }

    /**
     * Reads a reference and checks that it may be used.
     *
     * @param variable the secret's variable name, for the problem
     * @param text the reference as written
     * @return the reference, or the problem naming the variable and the reference
     */
    public Validated<SecretReference> check(String variable, String text) {
        Optional<SecretReference> parsed = parse(text);
        Optional<String> broken = parsed.map(this::broken).orElse(Optional.of(rule()));
        if (broken.isPresent()) {
            return new Validated.Invalid<>(List.of(new Problem("secrets." + variable,
                    "reference " + text + " " + broken.get())));
        }
        return new Validated.Valid<>(parsed.orElseThrow());
    }

    /** The reference's parts, when it has the shape of one. */
    static Optional<SecretReference> parse(String text) {
        if (text.startsWith("arn:")) {
            return secretArn(text).or(() -> parameterArn(text));
        }
        if (text.startsWith("/")) {
            return PARAMETER_NAME.matcher(text).matches() && !text.contains("//")
                    ? Optional.of(new SecretReference.Parameter(text, text)) : Optional.empty();
        }
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String key = colon < 0 ? null : text.substring(colon + 1);
        if (!SECRET_NAME.matcher(name).matches() || key != null && !JSON_KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        return Optional.of(new SecretReference.SecretsManagerSecret(text, name, name, key, null, null));
    }

    private static Optional<SecretReference> secretArn(String text) {
        Matcher m = SECRET_ARN.matcher(text);
        if (!m.matches() || !SECRET_NAME.matcher(m.group(4)).matches()) {
            return Optional.empty();
        }
        // Batch's form: ...:secret:NAME:json-key:version-stage:version-id, each part optional.
        String[] rest = m.group(5) == null ? new String[0] : m.group(5).split(":", -1);
        if (rest.length > 3) {
            return Optional.empty();
        }
        String key = part(rest, 0);
        String stage = part(rest, 1);
        String id = part(rest, 2);
        if (key != null && !JSON_KEY.matcher(key).matches() || stage != null && !VERSION.matcher(stage).matches()
                || id != null && !VERSION.matcher(id).matches() || stage != null && id != null) {
            return Optional.empty();
        }
        String arn = text.substring(0, m.end(4));
        return Optional.of(new SecretReference.SecretsManagerSecret(text, arn, m.group(4), key, stage, id));
    }

    private static String part(String[] parts, int index) {
        return index < parts.length && !parts[index].isEmpty() ? parts[index] : null;
    }

    private static Optional<SecretReference> parameterArn(String text) {
        Matcher m = PARAMETER_ARN.matcher(text);
        return m.matches() && PARAMETER_NAME.matcher(m.group(4)).matches() && !m.group(4).contains("//")
                ? Optional.of(new SecretReference.Parameter(text, m.group(4))) : Optional.empty();
    }

    /** What is wrong with a well-formed reference here, if anything. */
    private Optional<String> broken(SecretReference reference) {
        if (isTokenSecret(reference)) {
            return Optional.of("names the functions' own Hugging Face token secret, which is never given to a job");
        }
        boolean allowed = switch (reference) {
            case SecretReference.SecretsManagerSecret secret -> secret.name().startsWith(namePrefix)
                    && inThisStack(secret.text(), "secretsmanager");
            case SecretReference.Parameter parameter -> parameter.name().startsWith(parameterPath)
                    && inThisStack(parameter.text(), "ssm");
        };
        return allowed ? Optional.empty() : Optional.of(rule());
    }

    private boolean inThisStack(String text, String service) {
        if (!text.startsWith("arn:")) {
            return true;
        }
        String[] parts = text.split(":", 6);
        return parts[2].equals(service) && parts[3].equals(region) && (account == null || parts[4].equals(account));
    }

    /** Whether the reference names the token secret, by name, partial ARN or full ARN. */
    boolean isTokenSecret(SecretReference reference) {
        return reference instanceof SecretReference.SecretsManagerSecret secret
                && (sameSecret(secret.name(), tokenName()) || secret.secretId().equals(tokenSecretId));
    }

    /** The token secret's name: its id, or the name inside its ARN (without the random suffix). */
    public String tokenName() {
        if (!tokenSecretId.startsWith("arn:")) {
            return tokenSecretId;
        }
        Matcher m = TOKEN_ARN_NAME.matcher(tokenSecretId);
        return m.matches() ? m.group(1) : tokenSecretId.substring(tokenSecretId.indexOf(":secret:") + 8);
    }

    /** Whether a secret's name (as Secrets Manager answers it) is the token secret's. */
    public static boolean sameSecretName(String name, String tokenName) {
        return name != null && sameSecret(name, tokenName);
    }

    /** A name, or a name with a full ARN's 7-character suffix, against a bare name. */
    static boolean sameSecret(String name, String bare) {
        return name.equals(bare) || name.length() == bare.length() + 7 && name.startsWith(bare + "-");
    }
}
