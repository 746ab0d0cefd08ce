using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>A content address: <c>algorithm:hex</c>, e.g. <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest(string Algorithm, string Hex)
{
    public const string Sha256Algorithm = "sha256";
    public const string Sha512Algorithm = "sha512";

    public static Digest Parse(string value)
    {
        if (TryParse(value, out var digest))
        {
            return digest;
        }

        throw new KanikoException(
            ImageErrorCode.InvalidDigest,
            $"'{value}' is not a valid digest. A digest looks like 'sha256:' followed by 64 lowercase hex characters (or 'sha512:' and 128).");
    }

    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest)
    {
        digest = default;
        if (value is null)
        {
            return false;
        }

        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        string algorithm = value[..colon];
        string hex = value[(colon + 1)..];
        int expectedLength = algorithm switch
        {
            Sha256Algorithm => 64,
            Sha512Algorithm => 128,
            _ => -1,
        };
        if (hex.Length != expectedLength || !IsLowercaseHex(hex))
        {
            return false;
        }

        digest = new Digest(algorithm, hex);
        return true;
    }

    public static Digest Sha256(ReadOnlySpan<byte> bytes) => FromSha256Hash(SHA256.HashData(bytes));

    public static Digest FromSha256Hash(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 hash has {SHA256.HashSizeInBytes} bytes, got {hash.Length}.", nameof(hash));
        }

        return new Digest(Sha256Algorithm, Convert.ToHexStringLower(hash));
    }

    public static async Task<Digest> Sha256Async(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return FromSha256Hash(hash);
    }

    public override string ToString() => $"{Algorithm}:{Hex}";

    internal HashAlgorithmName HashAlgorithmName => Algorithm switch
    {
        Sha256Algorithm => HashAlgorithmName.SHA256,
        Sha512Algorithm => HashAlgorithmName.SHA512,
        _ => throw new InvalidOperationException($"Unsupported digest algorithm '{Algorithm}'."),
    };

    /// <summary>Whether <paramref name="content"/> hashes to this digest.</summary>
    public bool Matches(ReadOnlySpan<byte> content) => ComputeWithSameAlgorithm(content) == this;

    internal Digest ComputeWithSameAlgorithm(ReadOnlySpan<byte> bytes) => Algorithm switch
    {
        Sha256Algorithm => Sha256(bytes),
        Sha512Algorithm => new Digest(Sha512Algorithm, Convert.ToHexStringLower(SHA512.HashData(bytes))),
        _ => throw new InvalidOperationException($"Unsupported digest algorithm '{Algorithm}'."),
    };

    internal static Digest FromHash(string algorithm, byte[] hash) => new(algorithm, Convert.ToHexStringLower(hash));

    private static bool IsLowercaseHex(string hex)
    {
        foreach (char c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
