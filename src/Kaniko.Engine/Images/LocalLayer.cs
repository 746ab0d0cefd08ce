namespace Kaniko.Engine.Images;

/// <summary>A layer whose compressed blob is a file on this machine.</summary>
public sealed record LocalLayer(Descriptor Descriptor, Digest DiffId, string BlobPath);
