using System.Text.Json.Serialization;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// A typed Dockerfile instruction. <see cref="Text"/> is the instruction as written, continuation
/// lines joined, for the image history's created_by.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "instruction")]
[JsonDerivedType(typeof(FromInstruction), "FROM")]
[JsonDerivedType(typeof(RunInstruction), "RUN")]
[JsonDerivedType(typeof(CmdInstruction), "CMD")]
[JsonDerivedType(typeof(EntrypointInstruction), "ENTRYPOINT")]
[JsonDerivedType(typeof(ShellInstruction), "SHELL")]
[JsonDerivedType(typeof(CopyInstruction), "COPY")]
[JsonDerivedType(typeof(AddInstruction), "ADD")]
[JsonDerivedType(typeof(EnvInstruction), "ENV")]
[JsonDerivedType(typeof(LabelInstruction), "LABEL")]
[JsonDerivedType(typeof(ArgInstruction), "ARG")]
[JsonDerivedType(typeof(WorkdirInstruction), "WORKDIR")]
[JsonDerivedType(typeof(UserInstruction), "USER")]
[JsonDerivedType(typeof(ExposeInstruction), "EXPOSE")]
[JsonDerivedType(typeof(VolumeInstruction), "VOLUME")]
[JsonDerivedType(typeof(StopSignalInstruction), "STOPSIGNAL")]
[JsonDerivedType(typeof(HealthCheckInstruction), "HEALTHCHECK")]
[JsonDerivedType(typeof(OnBuildInstruction), "ONBUILD")]
[JsonDerivedType(typeof(MaintainerInstruction), "MAINTAINER")]
public abstract record Instruction(SourceLocation Location, string Text);
