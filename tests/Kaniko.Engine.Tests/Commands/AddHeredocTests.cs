using System.Formats.Tar;
using Kaniko.Engine.Tests.Building;

namespace Kaniko.Engine.Tests.Commands;

/// <summary>ADD with here-documents: written as files exactly as COPY writes them, never extracted.</summary>
[TestClass]
public sealed class AddHeredocTests
{
    [TestMethod]
    public async Task Add_Heredoc_WritesItsTextAsAFile()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nADD <<EOF /etc/motd\nline one\n  line two\nEOF\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual("line one\n  line two\n", ScratchBuild.Content(image.Layers[0], "etc/motd"));
        var motd = ScratchBuild.Entries(image.Layers[0]).Single(e => e.Name == "etc/motd");
        Assert.AreEqual("644", Convert.ToString((int)motd.Mode, 8));
        Assert.AreEqual((0, 0), (motd.Uid, motd.Gid));
        Assert.AreEqual("ADD <<EOF /etc/motd # buildkit", image.Config.History[0].CreatedBy);
    }

    [TestMethod]
    public async Task Add_Heredoc_ExpandsVariablesUnlessTheNameIsQuoted()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile",
            "FROM scratch\nARG WHO=world\nENV WHERE=here\nADD <<EOF /expanded\nhello $WHO ${WHERE}\nEOF\nADD <<\"RAW\" /raw\nhello $WHO ${WHERE}\nRAW\nADD <<'SINGLE' /single\n$WHO\nSINGLE\n");

        var image = await ScratchBuild.BuildAsync(folder, request => request with { BuildArguments = new Dictionary<string, string?> { ["WHO"] = "kaniko" } });

        Assert.AreEqual("hello kaniko here\n", ScratchBuild.Content(image.Layers[0], "expanded"));
        Assert.AreEqual("hello $WHO ${WHERE}\n", ScratchBuild.Content(image.Layers[1], "raw"));
        Assert.AreEqual("$WHO\n", ScratchBuild.Content(image.Layers[2], "single"));
    }

    [TestMethod]
    public async Task Add_DashHeredoc_StripsLeadingTabsOnly()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nADD <<-\"EOF\" /stripped\n\t\tindented $HOME\n  spaces stay\n\tEOF\nADD <<EOF /kept\n\tindented\nEOF\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual("indented $HOME\n  spaces stay\n", ScratchBuild.Content(image.Layers[0], "stripped"));
        Assert.AreEqual("\tindented\n", ScratchBuild.Content(image.Layers[1], "kept"));
        Assert.AreEqual("ADD <<EOF /stripped # buildkit", image.Config.History[0].CreatedBy, "BuildKit lists a here-document by its bare name");
    }

    [TestMethod]
    public async Task Add_Heredoc_TakesChmodAndChown()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nARG MODE=0750\nADD --chmod=$MODE --chown=1234:5678 <<EOF /usr/local/bin/hello\n#!/bin/sh\necho hello\nEOF\n");

        var image = await ScratchBuild.BuildAsync(folder);

        var hello = ScratchBuild.Entries(image.Layers[0]).Single(e => e.Name == "usr/local/bin/hello");
        Assert.AreEqual("750", Convert.ToString((int)hello.Mode, 8));
        Assert.AreEqual((1234, 5678), (hello.Uid, hello.Gid));
        Assert.AreEqual("#!/bin/sh\necho hello\n", ScratchBuild.Content(image.Layers[0], "usr/local/bin/hello"));
        Assert.AreEqual("ADD --chown=1234:5678 --chmod=$MODE <<EOF /usr/local/bin/hello # buildkit", image.Config.History[1].CreatedBy);
    }

    [TestMethod]
    public async Task Add_SeveralHeredocs_GoIntoTheFolderUnderTheirNames()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nWORKDIR /srv\nADD <<one.txt <<two.txt conf\nfirst\none.txt\nsecond\ntwo.txt\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual("first\n", ScratchBuild.Content(image.Layers[^1], "srv/conf/one.txt"));
        Assert.AreEqual("second\n", ScratchBuild.Content(image.Layers[^1], "srv/conf/two.txt"));
    }

    [TestMethod]
    public async Task Add_HeredocBesideContextFiles_WritesBothAndStillExtractsTheArchive()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/plain.txt", "from the context\n");
        WriteTar(folder.Combine("context/bundle.tar"), "inside.txt", "from the archive\n");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nADD plain.txt <<notes.txt bundle.tar /dest/\ninline\nnotes.txt\n");

        var image = await ScratchBuild.BuildAsync(folder);

        var layer = image.Layers[0];
        Assert.AreEqual("from the context\n", ScratchBuild.Content(layer, "dest/plain.txt"));
        Assert.AreEqual("inline\n", ScratchBuild.Content(layer, "dest/notes.txt"));
        Assert.AreEqual("from the archive\n", ScratchBuild.Content(layer, "dest/inside.txt"));
        Assert.AreEqual("ADD plain.txt bundle.tar <<notes.txt /dest/ # buildkit", image.Config.History[0].CreatedBy);
    }

    [TestMethod]
    public async Task Add_HeredocNamedLikeAnArchiveHoldingAUrl_IsWrittenAsIs()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nADD <<file.tar.gz /downloads/\nhttps://example.invalid/file.tar.gz\nfile.tar.gz\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual("https://example.invalid/file.tar.gz\n", ScratchBuild.Content(image.Layers[0], "downloads/file.tar.gz"));
    }

    [TestMethod]
    public async Task CopyAndAdd_WriteTheSameHeredocAlike()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile",
            "FROM scratch\nARG V=1\nCOPY --chmod=600 <<-'RAW' <<OTHER /copied/\n\t$V\nRAW\n$V\nOTHER\nADD --chmod=600 <<-'RAW' <<OTHER /added/\n\t$V\nRAW\n$V\nOTHER\n");

        var image = await ScratchBuild.BuildAsync(folder);

        var copied = ScratchBuild.Entries(image.Layers[0]).Where(e => e.EntryType != TarEntryType.Directory)
            .Select(e => (e.Name["copied/".Length..], e.Mode, ScratchBuild.Content(image.Layers[0], e.Name))).ToList();
        var added = ScratchBuild.Entries(image.Layers[1]).Where(e => e.EntryType != TarEntryType.Directory)
            .Select(e => (e.Name["added/".Length..], e.Mode, ScratchBuild.Content(image.Layers[1], e.Name))).ToList();
        CollectionAssert.AreEqual(copied, added);
        Assert.HasCount(2, added);
        Assert.AreEqual("COPY --chmod=600 <<RAW <<OTHER /copied/ # buildkit", image.Config.History[1].CreatedBy);
        Assert.AreEqual("ADD --chmod=600 <<RAW <<OTHER /added/ # buildkit", image.Config.History[2].CreatedBy);
    }

    private static void WriteTar(string path, string name, string content)
    {
        using var file = File.Create(path);
        using var writer = new TarWriter(file);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
        };
        writer.WriteEntry(entry);
    }
}
