using Kaniko.Engine.Images;

namespace Kaniko.Engine.Registries;

/// <summary>A manifest or index exactly as received, its media type, and the digest of those bytes.</summary>
public sealed record ManifestResponse(byte[] Bytes, string MediaType, Digest Digest);
