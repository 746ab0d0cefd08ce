using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Registries;

internal static partial class RegistryLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "{Method} {Uri}")]
    public static partial void Request(ILogger logger, HttpMethod method, string uri);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Resolved {Reference} for {Platform} to {Digest}")]
    public static partial void Resolved(ILogger logger, string reference, string platform, string digest);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{Reference} is built for {Actual}, not the requested {Requested}")]
    public static partial void PlatformDiffers(ILogger logger, string reference, string actual, string requested);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Blob {Digest} already in {Repository}; not uploading")]
    public static partial void BlobExists(ILogger logger, string digest, string repository);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Uploaded blob {Digest} ({Size} bytes) to {Repository}")]
    public static partial void BlobUploaded(ILogger logger, string digest, long size, string repository);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Pushed manifest {Digest} to {Target}")]
    public static partial void ManifestPushed(ILogger logger, string digest, string target);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "{Authority} does not speak TLS; using plain HTTP for it")]
    public static partial void FallingBackToPlainHttp(ILogger logger, string authority);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "Requesting a token from {Registry}'s token service for {Scope} {How}")]
    public static partial void RequestingToken(ILogger logger, string registry, string scope, string how);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Debug, Message = "Credentials for {Registry} from {Source}")]
    public static partial void CredentialsFound(ILogger logger, string registry, string source);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Debug, Message = "No credentials for {Registry}; anonymous")]
    public static partial void NoCredentials(ILogger logger, string registry);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "{Program}, named in docker's config for {Registry}, is not on PATH; going on without its credentials")]
    public static partial void CredentialHelperMissing(ILogger logger, string program, string registry);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Debug, Message = "{Program} has no credentials for {Registry} (exit code {ExitCode})")]
    public static partial void CredentialHelperFoundNothing(ILogger logger, string program, string registry, int exitCode);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "{Method} {Uri} failed ({Reason}); retry {Retry} in {Seconds:F1} s")]
    public static partial void Retrying(ILogger logger, HttpMethod method, string uri, string reason, double seconds, int retry);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Warning, Message = "{Operation} failed ({Reason}); starting over, attempt {Attempt}")]
    public static partial void RestartingTransfer(ILogger logger, string operation, string reason, int attempt);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Information, Message = "Mounted blob {Digest} from {Source} into {Repository}")]
    public static partial void BlobMounted(ILogger logger, string digest, string source, string repository);

    [LoggerMessage(EventId = 1115, Level = LogLevel.Information, Message = "Registry refused blob {Digest} for {Repository} in one request as too large; uploading it in chunks of {ChunkSize} bytes")]
    public static partial void UploadingInChunks(ILogger logger, string digest, string repository, long chunkSize);

    [LoggerMessage(EventId = 1116, Level = LogLevel.Warning, Message = "Chunk of blob {Digest} at byte {Offset} failed ({Reason}); resuming from the registry's upload status, attempt {Attempt}")]
    public static partial void ResumingUpload(ILogger logger, string digest, long offset, string reason, int attempt);

    [LoggerMessage(EventId = 1117, Level = LogLevel.Information, Message = "Registry has {Received} bytes of blob {Digest}; continuing from there")]
    public static partial void UploadResumed(ILogger logger, string digest, long received);

    [LoggerMessage(EventId = 1118, Level = LogLevel.Information, Message = "Registry refused a chunk of {ChunkSize} bytes as too large; trying {Smaller}")]
    public static partial void ShrinkingChunks(ILogger logger, long chunkSize, long smaller);

    [LoggerMessage(EventId = 1119, Level = LogLevel.Warning, Message = "Could not pull {Source} in place of {Reference} ({Reason}); trying the next source")]
    public static partial void SourceFailed(ILogger logger, string source, string reference, string reason);
}
