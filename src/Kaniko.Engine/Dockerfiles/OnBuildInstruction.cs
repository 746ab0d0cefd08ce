namespace Kaniko.Engine.Dockerfiles;

/// <summary>ONBUILD instruction: the trigger is parsed and checked now but stored as text and run by a later build.</summary>
public sealed record OnBuildInstruction(SourceLocation Location, string Text, Instruction Trigger, string TriggerText)
    : Instruction(Location, Text);
