using System.Runtime.InteropServices;

Console.WriteLine($"Hello from a Kaniko-built image! {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription}");
Console.WriteLine($"Working directory: {Environment.CurrentDirectory}");
