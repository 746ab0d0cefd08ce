namespace Kaniko.Engine.Layers;

/// <summary>Stable codes of the errors a layer can raise while it is applied to a root folder.</summary>
internal static class LayerErrorCode
{
    public const string HardlinkTargetInvalid = "KANIKO2002";
    public const string UnsupportedEntryType = "KANIKO2005";
    public const string InvalidWhiteout = "KANIKO2006";
    public const string MalformedArchive = "KANIKO2007";
    public const string PathTooLong = "KANIKO2008";
    public const string EntryNotApplied = "KANIKO2009";
    public const string InvalidEntryName = "KANIKO2010";
    public const string ListingDamaged = "KANIKO2020";
}
