using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using ICSharpCode.SharpZipLib.BZip2;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Tests.Building;

namespace Kaniko.Engine.Tests.Commands;

[TestClass]
public sealed class AddCommandTests
{
    [TestMethod]
    [DataRow("plain")]
    [DataRow("gzip")]
    [DataRow("bzip2")]
    [DataRow("zstd")]
    public async Task Add_LocalTar_IsExtractedWithItsOwners_WhateverItsName(string compression)
    {
        using var folder = new TestFolder();
        WriteTar(folder.Combine("context", "archive.bin"), compression);
        folder.WriteFile("context/Dockerfile", "FROM scratch\nADD archive.bin /opt/\n");

        var image = await ScratchBuild.BuildAsync(folder);

        var entries = ScratchBuild.Entries(image.Layers.Single());
        CollectionAssert.AreEqual(new[] { "opt", "opt/pkg", "opt/pkg/tool.sh" }, entries.Select(e => e.Name.TrimEnd('/')).ToList());
        var tool = entries.Single(e => e.Name == "opt/pkg/tool.sh");
        Assert.AreEqual((42, 43), (tool.Uid, tool.Gid));
        Assert.AreEqual("755", Convert.ToString((int)tool.Mode, 8));
        Assert.AreEqual("ADD archive.bin /opt/ # buildkit", image.Config.History[0].CreatedBy);
    }

    [TestMethod]
    public async Task Add_GzipOfSomethingNotATar_IsCopiedAsItIs()
    {
        using var folder = new TestFolder();
        var path = folder.Combine("context", "notes.txt.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write("just text, not a tar"u8);
        }

        folder.WriteFile("context/Dockerfile", "FROM scratch\nADD notes.txt.gz /d/\n");

        var image = await ScratchBuild.BuildAsync(folder);

        CollectionAssert.AreEqual(new[] { "d", "d/notes.txt.gz" }, ScratchBuild.Names(image.Layers.Single()));
    }

    [TestMethod]
    public async Task Add_Url_DownloadsWithMode0600AndLastModified_AndChecksIt()
    {
        using var folder = new TestFolder();
        var lastModified = new DateTimeOffset(2020, 2, 3, 4, 5, 6, TimeSpan.Zero);
        using var server = ServeOnce("downloaded content", lastModified, out var baseUri);
        const string digest = "sha256:bd7e6ab2f5b1a3d23b3ff3dc09d37e8ca1e5a6de0ee8e3b22e3b6ab9b1a1b04c";
        folder.WriteFile("context/Dockerfile", $"FROM scratch\nADD {baseUri}/files/data.txt /srv/\n");

        var image = await ScratchBuild.BuildAsync(folder, request => request with { Reproducible = false });

        var entry = ScratchBuild.Entries(image.Layers.Single()).Single(e => e.Name == "srv/data.txt");
        Assert.AreEqual("600", Convert.ToString((int)entry.Mode, 8));
        Assert.AreEqual(lastModified, entry.ModificationTime);
        Assert.AreEqual("downloaded content", ScratchBuild.Content(image.Layers.Single(), "srv/data.txt"));

        folder.WriteFile("context/Dockerfile", $"FROM scratch\nADD --checksum={digest} {baseUri}/files/data.txt /srv/\n");
        var error = await Assert.ThrowsExactlyAsync<DockerfileException>(() => ScratchBuild.BuildAsync(folder, output: "out2"));
        StringAssert.Contains(error.Message, "not the --checksum");
    }

    private static void WriteTar(string path, string compression)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using Stream compressed = compression switch
        {
            "gzip" => new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true),
            "bzip2" => new BZip2OutputStream(file) { IsStreamOwner = false },
            "zstd" => new ZstdSharp.CompressionStream(file, leaveOpen: true),
            _ => new NonClosing(file),
        };
        using (var writer = new TarWriter(compressed, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "pkg/") { Mode = (UnixFileMode)Convert.ToInt32("755", 8), Uid = 42, Gid = 43 });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "pkg/tool.sh")
            {
                Mode = (UnixFileMode)Convert.ToInt32("755", 8),
                Uid = 42,
                Gid = 43,
                DataStream = new MemoryStream("#!/bin/sh\n"u8.ToArray()),
            });
        }
    }

    private static HttpListener ServeOnce(string content, DateTimeOffset lastModified, out string baseUri)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        baseUri = $"http://127.0.0.1:{port}";
        var listener = new HttpListener();
        listener.Prefixes.Add(baseUri + "/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var body = System.Text.Encoding.UTF8.GetBytes(content);
                context.Response.Headers["Last-Modified"] = lastModified.ToString("R");
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        return listener;
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
