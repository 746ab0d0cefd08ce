using Kaniko.TestInfrastructure;

// Small command line for scripts: `base-images` prints the base image layout folder.
return args.FirstOrDefault() switch
{
    "base-images" => await PrintBaseImageLayoutAsync(),
    _ => Usage(),
};

static async Task<int> PrintBaseImageLayoutAsync()
{
    Console.WriteLine(await BaseImages.EnsureLayoutAsync());
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: base-images");
    return 2;
}
