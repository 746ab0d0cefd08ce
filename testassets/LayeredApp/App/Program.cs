using Humanizer;
using Newtonsoft.Json;

var settings = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
Console.WriteLine(Greetings.Greeter.Greet("layered image"));
Console.WriteLine($"settings: {JsonConvert.DeserializeObject<Dictionary<string, string>>(settings)!["Greeting"]}");
Console.WriteLine($"packages: {typeof(Serilog.Log).Assembly.GetName().Name}, {typeof(YamlDotNet.Serialization.Serializer).Assembly.GetName().Name}, {typeof(Dapper.SqlMapper).Assembly.GetName().Name}, {"layered_image".Humanize()}, {typeof(System.CommandLine.RootCommand).Assembly.GetName().Name}");
