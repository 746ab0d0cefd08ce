using Kaniko.Engine.Publishing;

namespace Kaniko.Engine.Tests.Publishing;

/// <summary>
/// A publish folder of real files, described as the SDK's ResolvedFileToPublish items describe them,
/// split into Jib's layers: each rule of <see cref="AppLayering"/> by a file it alone decides.
/// </summary>
[TestClass]
public sealed class AppLayeringTests
{
    private const string NoPackage = "";

    [TestMethod]
    [DataRow("libcoreclr.so", AppLayer.Runtime)]
    [DataRow("Microsoft.AspNetCore.dll", AppLayer.Runtime)]
    [DataRow("Newtonsoft.Json.dll", AppLayer.Packages)]
    [DataRow("Microsoft.Extensions.Logging.dll", AppLayer.Packages)]
    [DataRow("Preview.Lib.dll", AppLayer.PrereleasePackages)]
    [DataRow("Shared.dll", AppLayer.ProjectReferences)]
    [DataRow("appsettings.json", AppLayer.Content)]
    [DataRow("wwwroot/css/site.css", AppLayer.Content)]
    [DataRow("binary-assets/logo.png", AppLayer.Content)]
    [DataRow("App.dll", AppLayer.App)]
    [DataRow("App.deps.json", AppLayer.App)]
    [DataRow("App.runtimeconfig.json", AppLayer.App)]
    [DataRow("App", AppLayer.App)]
    [DataRow("dropped-by-a-target.txt", AppLayer.App)]
    public void Plan_PutsEachFileInItsLayer(string relativePath, AppLayer expected)
    {
        using var folder = new TestFolder();
        var app = Publish(folder);

        var plan = AppLayering.Plan(app.Items, app.PublishDirectory, app.OutputFolders);

        var layers = plan.Where(layer => layer.Files.Contains(relativePath)).Select(layer => layer.Layer).ToList();
        CollectionAssert.AreEqual(new[] { expected }, layers, relativePath);
    }

    [TestMethod]
    public void Plan_TakesEveryFileOfTheFolderOnce_AndNothingElse()
    {
        using var folder = new TestFolder();
        var app = Publish(folder);

        var plan = AppLayering.Plan(app.Items, app.PublishDirectory, app.OutputFolders);

        var planned = plan.SelectMany(layer => layer.Files).ToList();
        CollectionAssert.AreEquivalent(app.FilesInFolder.ToList(), planned);
        CollectionAssert.DoesNotContain(planned, "deleted-since.dll", "an item whose file is not in the folder has no place in a layer");
    }

    [TestMethod]
    public void Plan_OrdersLayersBottomToTop_AndFilesWithinALayerOrdinally()
    {
        using var folder = new TestFolder();
        var app = Publish(folder);

        var plan = AppLayering.Plan(app.Items, app.PublishDirectory, app.OutputFolders);

        CollectionAssert.AreEqual(
            new[] { AppLayer.Runtime, AppLayer.Packages, AppLayer.PrereleasePackages, AppLayer.ProjectReferences, AppLayer.Content, AppLayer.App },
            plan.Select(layer => layer.Layer).ToList());
        CollectionAssert.AreEqual(
            new[] { "App", "App.deps.json", "App.dll", "App.runtimeconfig.json", "dropped-by-a-target.txt" },
            plan.Single(layer => layer.Layer == AppLayer.App).Files.ToList());
        CollectionAssert.AreEqual(
            new[] { "Microsoft.Extensions.Logging.dll", "Newtonsoft.Json.dll" },
            plan.Single(layer => layer.Layer == AppLayer.Packages).Files.ToList());
    }

    [TestMethod]
    public void Plan_ForAFrameworkDependentAppWithoutPackages_HasNoEmptyLayers()
    {
        using var folder = new TestFolder();
        var publish = folder.Combine("publish");
        folder.WriteFile("publish/App.dll", "app");
        folder.WriteFile("publish/appsettings.json", "{}");
        PublishedFile[] items =
        [
            new("App.dll", folder.Combine("src/App/obj/Release/net10.0/App.dll")),
            new("appsettings.json", folder.Combine("src/App/appsettings.json")),
        ];

        var plan = AppLayering.Plan(items, publish, [folder.Combine("src/App/bin"), folder.Combine("src/App/obj")]);

        CollectionAssert.AreEqual(new[] { AppLayer.Content, AppLayer.App }, plan.Select(layer => layer.Layer).ToList());
    }

    [TestMethod]
    public void Plan_NamesFilesWithForwardSlashes_WhateverTheItemsUse()
    {
        using var folder = new TestFolder();
        folder.WriteFile("publish/de/App.resources.dll", "resources");
        PublishedFile[] items = [new(@"de\App.resources.dll", folder.Combine("nuget/app.resources/1.0.0/de/App.resources.dll")) { PackageId = "App.Resources", PackageVersion = "1.0.0" }];

        var plan = AppLayering.Plan(items, folder.Combine("publish"), [folder.Combine("src/App/bin")]);

        Assert.AreEqual((AppLayer.Packages, "de/App.resources.dll"), (plan.Single().Layer, plan.Single().Files.Single()));
    }

    /// <summary>
    /// A self-contained web app's publish folder: every row of <see cref="Plan_PutsEachFileInItsLayer"/> written
    /// under publish/, described by an item where it has a source, plus an item whose file was deleted since.
    /// </summary>
    private static PublishedApp Publish(TestFolder folder)
    {
        (string RelativePath, string? Source, string PackageId, string PackageVersion, string? ReferenceSourceTarget)[] files =
        [
            ("libcoreclr.so", "packs/Microsoft.NETCore.App.Runtime.linux-x64/libcoreclr.so", "Microsoft.NETCore.App.Runtime.linux-x64", "10.0.0", null),
            ("Microsoft.AspNetCore.dll", "packs/Microsoft.AspNetCore.App.Runtime.linux-arm64/Microsoft.AspNetCore.dll", "microsoft.aspnetcore.app.runtime.linux-arm64", "10.0.0", null),
            ("Newtonsoft.Json.dll", "nuget/newtonsoft.json/13.0.3/Newtonsoft.Json.dll", "Newtonsoft.Json", "13.0.3", null),
            ("Microsoft.Extensions.Logging.dll", "nuget/microsoft.extensions.logging/10.0.0/Microsoft.Extensions.Logging.dll", "Microsoft.Extensions.Logging", "10.0.0", null),
            ("Preview.Lib.dll", "nuget/preview.lib/2.0.0-beta.1/Preview.Lib.dll", "Preview.Lib", "2.0.0-beta.1", null),
            // A referenced project's output is built in its own bin/, outside this project's folders.
            ("Shared.dll", "src/Shared/bin/Release/net10.0/Shared.dll", NoPackage, "", "ProjectReference"),
            ("appsettings.json", "src/App/appsettings.json", NoPackage, "", null),
            (@"wwwroot\css\site.css", "src/App/wwwroot/css/site.css", NoPackage, "", null),
            // A folder whose name starts with "bin" is not bin/.
            ("binary-assets/logo.png", "src/App/binary-assets/logo.png", NoPackage, "", null),
            ("App.dll", "src/App/obj/Release/net10.0/App.dll", NoPackage, "", null),
            ("App.deps.json", "src/App/bin/Release/net10.0/App.deps.json", NoPackage, "", null),
            ("App.runtimeconfig.json", "src/App/bin/Release/net10.0/App.runtimeconfig.json", NoPackage, "", null),
            ("App", "src/App/obj/Release/net10.0/apphost", NoPackage, "", null),
            ("dropped-by-a-target.txt", null, NoPackage, "", null),
        ];
        var items = new List<PublishedFile>();
        foreach (var (relativePath, source, packageId, packageVersion, referenceSourceTarget) in files)
        {
            folder.WriteFile(Path.Combine("publish", relativePath.Replace('\\', '/')), relativePath);
            if (source is not null)
            {
                folder.WriteFile(source, relativePath);
                items.Add(new PublishedFile(relativePath, folder.Combine(source))
                {
                    PackageId = packageId,
                    PackageVersion = packageVersion,
                    ReferenceSourceTarget = referenceSourceTarget,
                });
            }
        }

        items.Add(new PublishedFile("deleted-since.dll", folder.Combine("src/App/bin/Release/net10.0/deleted-since.dll")));
        return new PublishedApp(
            folder.Combine("publish"),
            items,
            // As the targets pass them: the project's bin/ and obj/, with or without a trailing slash.
            [folder.Combine("src/App/bin") + "/", folder.Combine("src/App/obj")],
            files.Select(file => file.RelativePath.Replace('\\', '/')).ToList());
    }

    private sealed record PublishedApp(string PublishDirectory, IReadOnlyList<PublishedFile> Items, IReadOnlyList<string> OutputFolders, IReadOnlyList<string> FilesInFolder);
}
