using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Kaniko.Tool;

/// <summary>
/// Ranges of numeric flags, checked while the command line is parsed: a value the engine cannot use
/// is a usage error (exit 2, one line) before anything is pulled or built.
/// </summary>
internal static class NumericFlagRanges
{
    /// <summary>A count such as <c>--push-retry</c>: 0 or more.</summary>
    public static Option<int> NotNegative(this Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var value and < 0)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is negative; give 0 or more."));
            }
        });
        return option;
    }

    /// <summary>A size such as <c>--upload-chunk-size</c>: 1 or more when given.</summary>
    public static Option<long?> Positive(this Option<long?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is { } value and <= 0)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is not a size; give a number of bytes above 0."));
            }
        });
        return option;
    }

    /// <summary>Reports a value outside <paramref name="minimum"/>..<paramref name="maximum"/> on <paramref name="result"/>.</summary>
    public static void CheckBetween(SymbolResult result, string flag, int value, int minimum, int maximum, string what)
    {
        if (value < minimum || value > maximum)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{flag} {value} is outside {minimum}-{maximum} for {what}."));
        }
    }
}
