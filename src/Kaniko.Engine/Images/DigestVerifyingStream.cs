using System.Security.Cryptography;

namespace Kaniko.Engine.Images;

/// <summary>
/// Reads content through, hashing and counting it, and throws when it ends with a different digest
/// or size than its descriptor promised (or runs past the size). Whoever writes the bytes somewhere
/// must discard them when a read throws.
/// </summary>
public sealed class DigestVerifyingStream : ReadOnlyStream
{
    /// <summary>The <see cref="KanikoException.Code"/> of a failed verification.</summary>
    public const string VerificationFailedCode = ImageErrorCode.VerificationFailed;

    private readonly Stream _inner;
    private readonly Digest _expectedDigest;
    private readonly long _expectedSize;
    private readonly bool _leaveOpen;
    private readonly IncrementalHash _hash;
    private long _bytesRead;
    private bool _verified;

    public DigestVerifyingStream(Stream inner, Digest expectedDigest, long expectedSize, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSize);
        _inner = inner;
        _expectedDigest = expectedDigest;
        _expectedSize = expectedSize;
        _leaveOpen = leaveOpen;
        _hash = IncrementalHash.CreateHash(expectedDigest.HashAlgorithmName);
    }

    public override long Position => _bytesRead;

    public override int Read(Span<byte> buffer)
    {
        int read = _inner.Read(buffer);
        return Observe(buffer[..read], buffer.IsEmpty);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Observe(buffer.Span[..read], buffer.IsEmpty);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int Observe(ReadOnlySpan<byte> data, bool askedForNothing)
    {
        if (data.Length > 0)
        {
            _bytesRead += data.Length;
            if (_bytesRead > _expectedSize)
            {
                throw Mismatch($"it is longer than the expected {_expectedSize} bytes");
            }

            _hash.AppendData(data);
        }
        else if (!askedForNothing && !_verified)
        {
            _verified = true;
            if (_bytesRead != _expectedSize)
            {
                throw Mismatch($"it ended after {_bytesRead} of the expected {_expectedSize} bytes");
            }

            var actual = Digest.FromHash(_expectedDigest.Algorithm, _hash.GetHashAndReset());
            if (actual != _expectedDigest)
            {
                throw Mismatch($"its digest is {actual}");
            }
        }

        return data.Length;
    }

    private KanikoException Mismatch(string what)
        => new(VerificationFailedCode, $"Content {_expectedDigest} failed verification: {what}. The data was corrupted in transit or the source serves different content than its descriptor says; retry, and if it persists, check the source.");
}
