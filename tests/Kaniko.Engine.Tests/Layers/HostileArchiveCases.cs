namespace Kaniko.Engine.Tests.Layers;

/// <summary>
/// The hostile archives, modelled on containerd's breakout tests (<c>TestBreakouts</c> in
/// pkg/archive/tar_test.go, each under its own name, its set-up as a lower layer) and Go's
/// archive/tar malformed headers. Where containerd applies an archive inside the root, so do we.
/// </summary>
internal static class HostileArchiveCases
{
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
        // Names are cleaned as containerd cleans them: ".." stops at the root.
        HostileArchiveCase.Contained("dot-dot", _ => new RawTar().File("../evil"), "evil=evil"),
        HostileArchiveCase.Contained("dot-dot inside", _ => new RawTar().File("a/../../evil"), "evil=evil", "!a"),
        HostileArchiveCase.Contained("dot slash dot-dot", _ => new RawTar().File("./../evil"), "evil=evil"),
        HostileArchiveCase.Contained("dot-dot directory is the root, left to its caller", _ => new RawTar().Directory("..", 0x1FF).File("x"), "x=evil"),
        HostileArchiveCase.Contained("absolute name", _ => new RawTar().File("/abs/evil"), "abs/evil=evil"),
        HostileArchiveCase.Contained("absolute name with empty and dot parts", _ => new RawTar().File("///abs//./evil"), "abs/evil=evil"),
        HostileArchiveCase.Contained("symlink to / then file through it",
            _ => new RawTar().Symlink("a", "/").File("a/evil"), "evil=evil", "a->/"),
        HostileArchiveCase.Contained("symlink up then file through it",
            _ => new RawTar().Symlink("a", "../../..").File("a/evil"), "evil=evil", "a->../../.."),
        HostileArchiveCase.Contained("symlink to outside folder then file through it",
            s => new RawTar().Symlink("a", s).File("a/evil"), "{S}/evil=evil", "a->{/S}"),
        HostileArchiveCase.Error("symlink then hardlink through it", HardlinkInvalid, "b",
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
        HostileArchiveCase.Error("hardlink to dot-dot", HardlinkInvalid, "h", _ => new RawTar().Hardlink("h", "../sentinel/secret")),
        HostileArchiveCase.Error("hardlink to absolute host file", HardlinkInvalid, "h", _ => new RawTar().Hardlink("h", "/etc/passwd")),
        HostileArchiveCase.Error("hardlink to a folder", HardlinkInvalid, "h", _ => new RawTar().Directory("etc/").Hardlink("h", "etc")),
        HostileArchiveCase.Contained("hardlink to a symlink pointing out",
            _ => new RawTar().Symlink("s", "../sentinel/secret").Hardlink("h", "s"), "h->../sentinel/secret", "s->../sentinel/secret"),
        HostileArchiveCase.Error("whiteout of dot-dot", BadWhiteout, ".wh..", _ => new RawTar().File(".wh..", "")),
        HostileArchiveCase.Error("whiteout of dot-dot in a folder", BadWhiteout, "a/.wh..", _ => new RawTar().Directory("a/").File("a/.wh..", "")),
        HostileArchiveCase.Error("whiteout of a whiteout", BadWhiteout, ".wh..wh..wh..opq", _ => new RawTar().File(".wh..wh..wh..opq", "")),
        HostileArchiveCase.Contained("whiteout above the root hides in the root",
            _ => new RawTar().File("sentinel/secret").NextLayer().File("../.wh.sentinel", ""), "!sentinel"),
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
        HostileArchiveCase.Contained("PAX path with dot-dot", _ => new RawTar().Pax("path=../evil").File("innocent"), "evil=evil", "!innocent"),
        HostileArchiveCase.Error("PAX linkpath with dot-dot", HardlinkInvalid, "h",
            _ => new RawTar().Pax("linkpath=../sentinel/secret").Hardlink("h", "innocent")),
        HostileArchiveCase.Contained("GNU long name with dot-dot", _ => new RawTar().GnuLongName("../../evil").File("innocent"), "evil=evil", "!innocent"),
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

        // containerd's TestBreakouts.
        HostileArchiveCase.Contained("SymlinkAbsolute",
            _ => new RawTar().Directory("etc").Symlink("localetc", "/etc").File("/localetc/unbroken", "unbroken"),
            "etc/unbroken=unbroken", "localetc->/etc"),
        HostileArchiveCase.Contained("SymlinkUpAndOut",
            _ => new RawTar().Directory("etc").Directory("dummy").Symlink("localetc", "/dummy/../etc").File("/localetc/unbroken", "unbroken"),
            "etc/unbroken=unbroken", "localetc->/dummy/../etc"),
        HostileArchiveCase.Contained("SymlinkMultipleAbsolute",
            _ => new RawTar().Directory("etc").Directory("dummy").Symlink("/dummy/etc", "/etc").Symlink("localetc", "/dummy/etc")
                .File("/dummy/etc/unbroken", "unbroken"),
            "etc/unbroken=unbroken", "dummy/etc->/etc"),
        HostileArchiveCase.Contained("SymlinkMultipleRelative",
            _ => new RawTar().Directory("etc").Directory("dummy").Symlink("/dummy/etc", "/etc").Symlink("localetc", "./dummy/etc")
                .File("/dummy/etc/unbroken", "unbroken"),
            "etc/unbroken=unbroken", "localetc->./dummy/etc"),
        HostileArchiveCase.Contained("SymlinkEmptyFile",
            _ => new RawTar().Directory("etc").File("etc/emptied", "notempty").Symlink("localetc", "/etc").File("/localetc/emptied", ""),
            "etc/emptied="),
        HostileArchiveCase.Contained("HardlinkRelative",
            _ => Passwd().Directory("breakouts").Symlink("breakouts/d1", "../../etc").Hardlink("breakouts/mypasswd", "/breakouts/d1/passwd"),
            "breakouts/mypasswd==etc/passwd", "breakouts/mypasswd=inside"),
        HostileArchiveCase.Contained("HardlinkDownAndOut",
            _ => Passwd().Directory("breakouts").Directory("downandout").Symlink("breakouts/d1", "../downandout/../../etc")
                .Hardlink("breakouts/mypasswd", "/breakouts/d1/passwd"),
            "breakouts/mypasswd==etc/passwd"),
        HostileArchiveCase.Contained("HardlinkAbsolute",
            _ => Passwd().Symlink("localetc", "/etc").Hardlink("localpasswd", "/localetc/passwd"), "localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("HardlinkRelativeLong",
            _ => Passwd().Symlink("localetc", "../../../../../../../etc").Hardlink("localpasswd", "/localetc/passwd"), "localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("HardlinkRelativeUpAndOut",
            _ => Passwd().Symlink("localetc", "upandout/../../../etc").Hardlink("localpasswd", "/localetc/passwd"),
            "localpasswd==etc/passwd", "!upandout"),
        HostileArchiveCase.Contained("HardlinkDirectRelative",
            _ => Passwd().Hardlink("localpasswd", "../../../../../etc/passwd"), "localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("HardlinkDirectAbsolute",
            _ => Passwd().Hardlink("localpasswd", "/etc/passwd"), "localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("SymlinkParentDirectory",
            _ => Passwd().Symlink("..", "/etc/").Hardlink("localpasswd", "/etc/passwd"), "localpasswd==etc/passwd", "etc/"),
        HostileArchiveCase.Contained("SymlinkEmptyFilename",
            _ => Passwd().Symlink("", "/etc/").Hardlink("localpasswd", "/etc/passwd"), "localpasswd==etc/passwd", "etc/"),
        HostileArchiveCase.Contained("SymlinkParentRelative",
            _ => Passwd().Symlink("localetc/sub/..", "/etc/").Hardlink("/localetc/localpasswd", "/etc/passwd"),
            "localetc->/etc/", "etc/localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("SymlinkSlashEnded",
            _ => Passwd().Directory("localetc/", 0x1F8).Hardlink("/localetc/localpasswd", "/etc/passwd"), "localetc/localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("SymlinkOverrideDirectory",
            _ => Passwd().Directory("localetc/").NextLayer().Symlink("localetc", "/etc").Hardlink("/localetc/localpasswd", "/etc/passwd"),
            "localetc->/etc", "etc/localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("SymlinkOverrideDirectoryRelative",
            _ => Passwd().Directory("localetc/").NextLayer().Symlink("localetc", "../../etc").Hardlink("/localetc/localpasswd", "/etc/passwd"),
            "localetc->../../etc", "etc/localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("DirectoryOverrideSymlink",
            _ => Passwd().Symlink("localetc", "/etc").NextLayer().Directory("/localetc/").Hardlink("/localetc/localpasswd", "/etc/passwd"),
            "localetc/", "localetc/localpasswd==etc/passwd", "!etc/localpasswd"),
        HostileArchiveCase.Contained("DirectoryOverrideSymlinkAndHardlink",
            _ => Passwd().Symlink("localetc", "etc").Hardlink("/localetc/localpasswd", "/etc/passwd")
                .NextLayer().Directory("/localetc/").File("/localetc/localpasswd", "different"),
            "localetc/localpasswd=different", "etc/localpasswd==etc/passwd", "etc/passwd=inside"),
        HostileArchiveCase.Error("WhiteoutRootParent", BadWhiteout, ".wh...", _ => Passwd().NextLayer().File(".wh...", "")),
        HostileArchiveCase.Error("WhiteoutParent", BadWhiteout, "etc/.wh...", _ => Passwd().NextLayer().File("etc/.wh...", "")),
        HostileArchiveCase.Error("WhiteoutRoot", BadWhiteout, ".wh..", _ => Passwd().NextLayer().File(".wh..", "")),
        HostileArchiveCase.Error("WhiteoutCurrentDirectory", BadWhiteout, "etc/.wh..", _ => Passwd().NextLayer().File("etc/.wh..", "")),
        HostileArchiveCase.Contained("WhiteoutSymlink",
            _ => Passwd().Symlink("localetc", "/etc").NextLayer().File(".wh.localetc", ""), "etc/passwd=inside", "!localetc"),
        HostileArchiveCase.Contained("WhiteoutSymlinkPath",
            _ => Passwd().File("etc/whitedout").Symlink("localetc", "/etc").NextLayer().File("localetc/.wh.whitedout", ""),
            "etc/passwd=inside", "!etc/whitedout"),
        HostileArchiveCase.Contained("WhiteoutDirectoryName",
            _ => Passwd().Symlink("localetc", "/etc").NextLayer().File(".wh.etc/somefile", "non-empty"),
            "etc/passwd=inside", ".wh.etc/somefile=non-empty"),

        // containerd makes the missing "dne" before it finds nothing to remove in it; we make nothing.
        HostileArchiveCase.Contained("WhiteoutDeadSymlinkParent",
            _ => Passwd().Symlink("localetc", "/dne").NextLayer().File("localetc/.wh.etc", ""), "etc/passwd=inside", "!dne"),
        HostileArchiveCase.Contained("WhiteoutRelativePath",
            _ => Passwd().Symlink("localetc", "/dne").NextLayer().File("dne/../.wh.etc", ""), "!etc", "!dne"),
        HostileArchiveCase.Contained("HardlinkSymlinkBeforeCreateTarget",
            _ => new RawTar().Directory("etc", 0x1F8).Symlink("localpasswd", "/etc/passwd").Hardlink("localpasswd-dup", "localpasswd")
                .File("/etc/passwd", "after"),
            "localpasswd-dup->/etc/passwd", "localpasswd-dup==etc/passwd"),
        HostileArchiveCase.Contained("HardlinkSymlinkRelative",
            _ => Passwd().Symlink("passwdlink", "../../../../../etc/passwd").Hardlink("localpasswd", "/passwdlink"),
            "localpasswd->../../../../../etc/passwd", "localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("HardlinkSymlinkAbsolute",
            _ => Passwd().Symlink("passwdlink", "/etc/passwd").Hardlink("localpasswd", "/passwdlink"),
            "localpasswd->/etc/passwd", "localpasswd==etc/passwd"),
        HostileArchiveCase.Contained("HardlinkSymlinkChmod",
            s => new RawTar().Symlink(s + "/also-exists-outside-root", s + "/secret").Hardlink("sketchylink", s + "/also-exists-outside-root"),
            "sketchylink->{/S}/secret", "{S}/also-exists-outside-root->{/S}/secret"),

        // The folders the extractor remembers are forgotten when a folder or link they went through goes.
        HostileArchiveCase.Contained("folder replaced by a symlink mid-layer",
            _ => new RawTar().Directory("real/").Directory("d/").File("d/a").Symlink("d", "real").File("d/b"), "d->real", "real/b=evil", "!real/a"),
        HostileArchiveCase.Contained("symlink replaced by a folder mid-layer",
            _ => new RawTar().Directory("real/").Symlink("d", "real").File("d/a").Directory("d/").File("d/b"), "real/a=evil", "d/b=evil", "!real/b"),
        HostileArchiveCase.Contained("symlink retargeted mid-layer",
            _ => new RawTar().Directory("one/").Directory("two/").Symlink("l", "one").File("l/a").Symlink("l", "two").File("l/b"),
            "one/a=evil", "two/b=evil", "!one/b"),
        HostileArchiveCase.Error("folder replaced by a file mid-layer", NotADirectory, "d/b",
            _ => new RawTar().Directory("d/").File("d/a").File("d", "plain").File("d/b")),
        HostileArchiveCase.Contained("folder whited out mid-layer",
            _ => new RawTar().Directory("d/").File("d/x").NextLayer().File("d/a").File(".wh.d", "").File("d/b"), "d/b=evil", "!d/a", "!d/x"),
        HostileArchiveCase.Contained("folder made opaque mid-layer",
            _ => new RawTar().Directory("o/").Directory("o/sub/").File("o/sub/x").NextLayer().File("o/sub/y").File("o/.wh..wh..opq", "").File("o/sub/z"),
            "o/sub/z=evil", "!o/sub/x", "!o/sub/y"),
        HostileArchiveCase.Contained("link target through a missing folder made a link later",
            _ => new RawTar().Directory("etc/").Directory("x/").Symlink("l", "m/../etc").File("l/a").Symlink("m", "x/sub").File("l/b"),
            "etc/a=evil", "x/etc/b=evil", "m->x/sub", "!x/sub"),
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

    // The set-up most of containerd's breakout tests start from.
    private static RawTar Passwd() => new RawTar().Directory("etc", 0x1F8).File("/etc/passwd", "inside");

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
