using Kaniko.Tool;

return await KanikoCommandLine.RunAsync(args);
