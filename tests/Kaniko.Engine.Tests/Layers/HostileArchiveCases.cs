namespace Kaniko.Engine.Tests.Layers;

/// <summary>The hostile archives, modelled on containerd's breakout tests and Go's archive/tar malformed headers.</summary>
internal static class HostileArchiveCases
{
    private const string PathEscapes = "KANIKO2001";
    private const string HardlinkInvalid = "KANIKO2002";
    private const string TooManyLinks = "KANIKO2003";
    private const string NotADirectory = "KANIKO2004";
    private const string Unsupported = "KANIKO2005";
    private const string BadWhiteout = "KANIKO2006";
    private const string Malformed = "KANIKO2007";
    private const string TooLong = "KANIKO2008";
    private const string BadName = "KANIKO2010";

    private static readonly string DeepPath = string.Concat(Enumerable.Repeat("d/", 1000)) + "evil";
    private static readonly string TooDeepPath = string.Concat(Enumerable.Repeat("d/", 2100)) + "evil";

    public static IReadOnlyList<HostileArchiveCase> All { get; } =
    [
        HostileArchiveCase.Error("dot-dot", PathEscapes, "../evil", _ => new RawTar().File("../evil")),
        HostileArchiveCase.Error("dot-dot inside", PathEscapes, "a/../../evil", _ => new RawTar().File("a/../../evil")),
        HostileArchiveCase.Error("dot slash dot-dot", PathEscapes, "./../evil", _ => new RawTar().File("./../evil")),
        HostileArchiveCase.Error("dot-dot directory", PathEscapes, "..", _ => new RawTar().Directory("..", 0x1FF)),
        HostileArchiveCase.Contained("absolute name", _ => new RawTar().File("/abs/evil"), "abs/evil=evil"),
        HostileArchiveCase.Contained("absolute name with empty and dot parts", _ => new RawTar().File("///abs//./evil"), "abs/evil=evil"),
        HostileArchiveCase.Error("symlink to / then file through it", NotADirectory, "a/evil",
            _ => new RawTar().Symlink("a", "/").File("a/evil")),
        HostileArchiveCase.Error("symlink up then file through it", NotADirectory, "a/evil",
            _ => new RawTar().Symlink("a", "../../..").File("a/evil")),
        HostileArchiveCase.Error("symlink to outside folder then file through it", NotADirectory, "a/evil",
            s => new RawTar().Symlink("a", s).File("a/evil")),
        HostileArchiveCase.Error("symlink then hardlink through it", NotADirectory, "b",
            s => new RawTar().Symlink("a", s).Hardlink("b", "a/secret")),
        HostileArchiveCase.Contained("lower symlink to / then file through it",
            _ => new RawTar().Symlink("a", "/").NextLayer().File("a/evil"), "evil=evil", "a->/"),
        HostileArchiveCase.Contained("lower symlink up then file through it",
            _ => new RawTar().Symlink("a", "../../..").NextLayer().File("a/evil"), "evil=evil"),
        HostileArchiveCase.Contained("lower symlink to outside folder then file through it",
            s => new RawTar().Symlink("a", s).NextLayer().File("a/evil"), "{S}/evil=evil"),
        HostileArchiveCase.Error("lower symlink to outside folder then hardlink through it", HardlinkInvalid, "h",
            s => new RawTar().Symlink("out", s).NextLayer().Hardlink("h", "out/secret")),
        HostileArchiveCase.Error("lower symlink to sibling folder then hardlink through it", HardlinkInvalid, "h",
            _ => new RawTar().Symlink("out", "../sentinel").NextLayer().Hardlink("h", "out/secret")),
        HostileArchiveCase.Error("hardlink to dot-dot", PathEscapes, "h", _ => new RawTar().Hardlink("h", "../sentinel/secret")),
        HostileArchiveCase.Error("hardlink to absolute host file", HardlinkInvalid, "h", _ => new RawTar().Hardlink("h", "/etc/passwd")),
        HostileArchiveCase.Error("hardlink to a folder", HardlinkInvalid, "h", _ => new RawTar().Directory("etc/").Hardlink("h", "etc")),
        HostileArchiveCase.Contained("hardlink to a symlink pointing out",
            _ => new RawTar().Symlink("s", "../sentinel/secret").Hardlink("h", "s"), "h->../sentinel/secret", "s->../sentinel/secret"),
        HostileArchiveCase.Error("whiteout of dot-dot", BadWhiteout, ".wh..", _ => new RawTar().File(".wh..", "")),
        HostileArchiveCase.Error("whiteout of dot-dot in a folder", BadWhiteout, "a/.wh..", _ => new RawTar().Directory("a/").File("a/.wh..", "")),
        HostileArchiveCase.Error("whiteout of a whiteout", BadWhiteout, ".wh..wh..wh..opq", _ => new RawTar().File(".wh..wh..wh..opq", "")),
        HostileArchiveCase.Error("whiteout above the root", PathEscapes, "../.wh.sentinel", _ => new RawTar().File("../.wh.sentinel", "")),
        HostileArchiveCase.Contained("opaque root keeps this layer",
            _ => new RawTar().File("x").NextLayer().File(".wh..wh..opq", "").File("y"), "!x", "y=evil", "!.wh..wh..opq"),
        HostileArchiveCase.Contained("opaque through a symlink to a sibling",
            _ => new RawTar().Symlink("s", "../sentinel").NextLayer().File("s/.wh..wh..opq", ""), "s->../sentinel"),
        HostileArchiveCase.Contained("whiteout through an absolute symlink",
            s => new RawTar().Symlink("s", s).NextLayer().File("s/.wh.secret", ""), "s->{/S}"),
        HostileArchiveCase.Contained("whiteout of the symlink itself",
            _ => new RawTar().Symlink("s", "../sentinel").NextLayer().File(".wh.s", ""), "!s"),
        HostileArchiveCase.Error("whiteout under a file", NotADirectory, "f/.wh.x", _ => new RawTar().File("f").File("f/.wh.x", "")),
        HostileArchiveCase.Error("symlink loop", TooManyLinks, "loop/x", _ => new RawTar().Symlink("loop", "loop").NextLayer().File("loop/x")),
        HostileArchiveCase.Error("symlink loop of two", TooManyLinks, "a/x",
            _ => new RawTar().Symlink("a", "b").Symlink("b", "a").NextLayer().File("a/x")),
        HostileArchiveCase.Error("chain of 41 symlinks", TooManyLinks, "l0/x", _ => LinkChain(41).NextLayer().File("l0/x")),
        HostileArchiveCase.Contained("chain of 40 symlinks", _ => LinkChain(40).NextLayer().File("l0/x"), "dir/x=evil"),
        HostileArchiveCase.Contained("very deep path", _ => new RawTar().Pax("path=" + DeepPath).File("ignored"), DeepPath + "=evil"),
        HostileArchiveCase.Error("path beyond PATH_MAX", TooLong, "d/d/d", _ => new RawTar().Pax("path=" + TooDeepPath).File("ignored")),
        HostileArchiveCase.Error("component beyond NAME_MAX", TooLong, "aaaa", _ => new RawTar().Pax("path=" + new string('a', 256)).File("ignored")),
        HostileArchiveCase.Error("NUL in a PAX path", BadName, "a\\0", _ => new RawTar().Pax("path=a\0/../../evil").File("ignored")),
        HostileArchiveCase.Error("NUL in a PAX linkpath", BadName, "s", _ => new RawTar().Pax("linkpath=../x\0/etc").Symlink("s", "ignored")),
        HostileArchiveCase.Error("PAX path with dot-dot", PathEscapes, "../evil", _ => new RawTar().Pax("path=../evil").File("innocent")),
        HostileArchiveCase.Error("PAX linkpath with dot-dot", PathEscapes, "h",
            _ => new RawTar().Pax("linkpath=../sentinel/secret").Hardlink("h", "innocent")),
        HostileArchiveCase.Error("GNU long name with dot-dot", PathEscapes, "../../evil", _ => new RawTar().GnuLongName("../../evil").File("innocent")),
        HostileArchiveCase.Error("negative octal size", Malformed, "",
            _ => new RawTar().File("ok").Entry('0', "negative", sizeField: "-0000000001")),
        HostileArchiveCase.Error("negative base-256 size", Malformed, "",
            _ => new RawTar().File("ok").Entry('0', "negative", tamper: header => { header.AsSpan(124, 12).Fill(0xFF); RawTar.SetChecksum(header); })),
        HostileArchiveCase.Error("bad checksum", Malformed, "bad", _ => new RawTar().File("ok").Entry('0', "bad", tamper: header => header[148] ^= 1)),
        HostileArchiveCase.Error("truncated data", Malformed, "big", _ => new RawTar().File("big", new string('x', 1000)).Truncate(600)),
        HostileArchiveCase.Error("truncated header", Malformed, "ok", _ => new RawTar().File("ok").File("next").Truncate(1000)),
        HostileArchiveCase.Contained("file replaces a symlink of the same layer",
            s => new RawTar().Symlink("victim", s + "/secret").File("victim", "replaced"), "victim=replaced"),
        HostileArchiveCase.Contained("file replaces a lower symlink without writing through it",
            _ => new RawTar().Symlink("victim", "../sentinel/secret").NextLayer().File("victim"), "victim=evil"),
        HostileArchiveCase.Contained("folder replaces a lower symlink without chmod through it",
            _ => new RawTar().Symlink("d", "../sentinel").NextLayer().Directory("d/", 0x1FF), "d/"),
        HostileArchiveCase.Contained("folder and file replace a lower absolute symlink",
            s => new RawTar().Symlink("d", s).NextLayer().Directory("d/").File("d/secret", "mine"), "d/secret=mine"),
        HostileArchiveCase.Contained("folder replaces a symlink of the same layer",
            _ => new RawTar().Symlink("a", "/").Directory("a/").File("a/x"), "a/x=evil"),
        HostileArchiveCase.Error("unknown entry type", Unsupported, "odd", _ => new RawTar().Entry('Z', "odd")),
        HostileArchiveCase.Contained("root entries are ignored", _ => new RawTar().Directory("./", 0x1FF).Directory(".", 0x1FF).File("x"), "x=evil"),
        HostileArchiveCase.Contained("legitimate symlink climbing above its depth",
            _ => new RawTar().Directory("etc/ssl/certs/").File("etc/ssl/certs/ca.pem", "cert")
                .Directory("usr/lib/ssl/").Symlink("usr/lib/ssl/cert.pem", "../../../../../../../etc/ssl/certs/ca.pem"),
            "usr/lib/ssl/cert.pem=>cert", "usr/lib/ssl/cert.pem->../../../../../../../etc/ssl/certs/ca.pem"),
        HostileArchiveCase.Contained("legitimate lower symlink to a relative folder",
            _ => new RawTar().Directory("usr/lib/").Symlink("lib", "usr/lib").NextLayer().File("lib/x.so", "so"), "usr/lib/x.so=so", "lib->usr/lib"),
        HostileArchiveCase.Contained("legitimate absolute symlink read through the root",
            _ => new RawTar().File("etc/os-release", "debian").Symlink("usr/lib/os-release", "/etc/os-release"), "usr/lib/os-release=>debian"),
    ];

    private static RawTar LinkChain(int links)
    {
        var tar = new RawTar().Directory("dir/");
        for (var i = 0; i < links; i++)
        {
            tar.Symlink($"l{i}", i == links - 1 ? "dir" : $"l{i + 1}");
        }

        return tar;
    }
}
