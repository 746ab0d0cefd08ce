using System.Globalization;
using System.Security.Cryptography;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>
/// An ADD source that is an http(s) URL: downloaded (never extracted), mode 0600 unless --chmod,
/// its mtime from Last-Modified, checked against <c>--checksum=sha256:...</c> when given.
/// </summary>
internal sealed class UrlDownload(SourceLocation location)
{
    private const UnixFileMode DownloadMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(10) };

    public static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public async Task AddAsync(StageState stage, ImageFileCopier copier, Uri url, string destinationText, string? checksum, CancellationToken cancellationToken)
    {
        var destination = stage.ToImagePath(destinationText);
        if (destinationText.EndsWith('/'))
        {
            var name = Path.GetFileName(url.AbsolutePath);
            if (name.Length == 0)
            {
                throw new DockerfileException(CommandErrorCode.UrlNamesNoFile, location, $"ADD {url}: the URL names no file; give the destination a file name.");
            }

            destination = destination.TrimEnd('/') + "/" + name;
        }

        var temporary = Path.Combine(stage.ScratchDirectory, "download-" + Guid.NewGuid().ToString("N"));
        try
        {
            string hash;
            DateTimeOffset? lastModified;
            try
            {
                using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new DockerfileException(CommandErrorCode.DownloadFailed, location, string.Create(CultureInfo.InvariantCulture, $"ADD {url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}."));
                }

                lastModified = response.Content.Headers.LastModified;
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                hash = "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
            }
            catch (HttpRequestException error)
            {
                throw new DockerfileException(CommandErrorCode.DownloadFailed, location, $"ADD {url}: the download failed ({error.Message}).", error);
            }

            if (checksum is not null && !string.Equals(checksum, hash, StringComparison.OrdinalIgnoreCase))
            {
                throw new DockerfileException(CommandErrorCode.ChecksumMismatch, location, $"ADD {url}: the content's digest is {hash}, not the --checksum {checksum}.");
            }

            File.SetUnixFileMode(temporary, DownloadMode);
            File.SetLastWriteTimeUtc(temporary, (lastModified ?? DateTimeOffset.UnixEpoch).UtcDateTime);
            copier.CopyFile(temporary, destination);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
