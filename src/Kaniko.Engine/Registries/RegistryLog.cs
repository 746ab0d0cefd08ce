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
}
