namespace Kaniko.Engine.Layers;

public enum LayerEntryType
{
    File,
    Directory,
    Symlink,
    Hardlink,
}
