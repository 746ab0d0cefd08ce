var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "Hello from a Kaniko-built web image!");
app.Run();
