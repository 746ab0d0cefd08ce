namespace Kaniko.Engine.Filesystem;

/// <summary>
/// Files a root folder does not hold yet but must show when a walk through it reaches them (the
/// base image's, for a stage whose base was not extracted): the root asks before it looks.
/// </summary>
internal interface IFilesOnDemand
{
    /// <summary>Puts the entry for <paramref name="imagePath"/> at <paramref name="hostPath"/>, unless it is there or was put before.</summary>
    void Materialize(string imagePath, string hostPath);

    /// <summary>Puts every entry not put yet, parents first.</summary>
    void MaterializeAll();
}
