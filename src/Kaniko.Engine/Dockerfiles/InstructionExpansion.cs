namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Which instructions the builder expands with ARG and ENV values, as BuildKit does: ADD, ARG
/// (defaults), COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR. RUN, CMD,
/// ENTRYPOINT, SHELL and HEALTHCHECK leave their text to the shell; an ONBUILD trigger expands when
/// a later build runs it, not where it is defined. Where an expanded value splits into several
/// words: EXPOSE ports and shell-form VOLUME paths.
/// </summary>
public static class InstructionExpansion
{
    public static bool Expands(Instruction instruction) => instruction is
        AddInstruction or ArgInstruction or CopyInstruction or EnvInstruction or ExposeInstruction or FromInstruction
        or LabelInstruction or StopSignalInstruction or UserInstruction or VolumeInstruction or WorkdirInstruction;

    public static bool SplitsWords(Instruction instruction) => instruction is ExposeInstruction
        || (instruction is VolumeInstruction volume && !volume.Text.TrimEnd().EndsWith(']'));
}
