using System.Net;
using System.Text;
using System.Text.Json;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Registries;

/// <summary>Turns failed exchanges with a registry into <see cref="RegistryException"/>s that say what to do.</summary>
internal static class RegistryFailures
{
    public const string HttpStatus = RegistryErrorCode.HttpStatus;
    public const string Unreachable = RegistryErrorCode.Unreachable;
    public const string ContentMismatch = RegistryErrorCode.ContentMismatch;
    public const string NoMatchingPlatform = RegistryErrorCode.NoMatchingPlatform;
    public const string UnsupportedManifest = RegistryErrorCode.UnsupportedManifest;
    public const string TooLarge = RegistryErrorCode.TooLarge;
    public const string Protocol = RegistryErrorCode.Protocol;
    public const string AuthenticationFailed = RegistryErrorCode.AuthenticationFailed;
    public const string Configuration = RegistryErrorCode.Configuration;

    private const int MaxErrorBodyBytes = 64 * 1024;

    public static async Task<RegistryException> FromResponseAsync(
        HttpResponseMessage response, string registry, string operation, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        var (details, firstCode) = await ReadRegistryErrorsAsync(response, cancellationToken).ConfigureAwait(false);
        string message = $"Registry {registry} answered HTTP {status} ({response.ReasonPhrase}) to {operation}"
            + (details.Length > 0 ? $": {details}" : string.Empty)
            + $". {Advice(response.StatusCode)}";
        // A 401 that reaches the caller is a login that failed (no credentials, or refused ones).
        string code = response.StatusCode == HttpStatusCode.Unauthorized ? AuthenticationFailed : HttpStatus;
        return new RegistryException(code, registry, status, message, errorCode: firstCode);
    }

    /// <summary>An index offers no image for the platform; the message lists those it offers.</summary>
    public static RegistryException NoPlatform(ImageReference reference, Platform platform, ImageIndex index)
        => new(
            NoMatchingPlatform,
            reference.Registry,
            null,
            $"{reference} has no image for platform {platform}. It offers: {string.Join(", ", index.Platforms.Select(p => p.ToString()).Distinct())}. Choose one of those platforms or another base image.");

    /// <summary>A manifest of a type that is no image (schema 1, an artifact).</summary>
    public static RegistryException NotAnImage(ImageReference reference, string mediaType)
        => new(
            UnsupportedManifest,
            reference.Registry,
            null,
            $"{reference} is a {mediaType}, which is not supported; only OCI and Docker v2 schema 2 images (and indexes of them) are. Re-push the image with a current tool.");

    public static RegistryException FromTransport(Exception error, string registry, Uri? uri, string operation)
    {
        string advice = error is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }
            ? "If the registry serves plain HTTP, name it with --insecure-registry; if its certificate is signed by your own CA, give --registry-certificate HOST=ca.pem (or, to trust it blindly, --skip-tls-verify-registry HOST)"
            : error is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
                ? "Check the registry host name is spelled right and resolvable from here"
                : "Is the registry running and reachable from here?";
        return new RegistryException(
            Unreachable,
            registry,
            null,
            $"Could not {operation} at {uri?.GetLeftPart(UriPartial.Authority) ?? registry}: {error.Message} {advice}",
            error);
    }

    private static string Advice(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Log in (docker login writes config.json), or set KANIKO_REGISTRY_<REGISTRY>_USERNAME and _PASSWORD; the credentials in use, if any, were refused",
        HttpStatusCode.Forbidden => "The credentials in use may not access this repository; check its permissions",
        HttpStatusCode.NotFound => "Check that the repository and the tag or digest exist (names are case-sensitive and lowercase)",
        HttpStatusCode.MethodNotAllowed => "The registry does not allow this operation here (is it a read-only mirror?)",
        HttpStatusCode.RequestEntityTooLarge => "The registry refuses content this large",
        HttpStatusCode.TooManyRequests => "The registry is rate limiting; wait and retry, or authenticate for a higher limit",
        >= HttpStatusCode.InternalServerError => "The registry failed; retry later and check its logs",
        _ => "Check the request against the registry's documentation",
    };

    private static async Task<(string Details, string? FirstCode)> ReadRegistryErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            byte[] buffer = new byte[MaxErrorBodyBytes];
            int length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return Summarize(buffer.AsSpan(0, length));
        }
        catch (HttpRequestException)
        {
            return (string.Empty, null);
        }
        catch (IOException)
        {
            return (string.Empty, null);
        }
    }

    // The distribution spec's {"errors":[{"code":...,"message":...}]}; anything else is not shown.
    private static (string Details, string? FirstCode) Summarize(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return (string.Empty, null);
            }

            var text = new StringBuilder();
            string? firstCode = null;
            foreach (var error in errors.EnumerateArray())
            {
                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                string code = error.TryGetProperty("code", out var codeElement) ? codeElement.ToString() : "UNKNOWN";
                firstCode ??= code;
                text.Append(code);
                if (error.TryGetProperty("message", out var message))
                {
                    text.Append(' ').Append(message.ToString());
                }
            }

            return (text.ToString(), firstCode);
        }
        catch (JsonException)
        {
            return (string.Empty, null);
        }
    }
}
