namespace Kaniko.Engine.Layers;

/// <summary>A run of data in a sparse file; everything between fragments is a hole.</summary>
internal readonly record struct SparseFragment(long Offset, long Length);
