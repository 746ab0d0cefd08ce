using System.Globalization;

namespace Kaniko.Engine.Commands;

/// <summary>
/// A <c>--chmod</c> value: octal (<c>0755</c>) replaces the mode; symbolic (<c>u+x,g-w,o=r</c>,
/// <c>a+X</c>) changes each file's own mode, as chmod(1) does.
/// </summary>
internal sealed class ChmodSpec
{
    private const int AllPermissions = 0xFFF;
    private readonly int? _octal;
    private readonly IReadOnlyList<Clause> _clauses;

    private ChmodSpec(int? octal, IReadOnlyList<Clause> clauses)
    {
        _octal = octal;
        _clauses = clauses;
    }

    public static ChmodSpec? TryParse(string text)
    {
        if (text.Length > 0 && text.All(c => c is >= '0' and <= '7'))
        {
            var bits = Convert.ToInt32(text, 8);
            return bits <= AllPermissions ? new ChmodSpec(bits, []) : null;
        }

        var clauses = new List<Clause>();
        foreach (var part in text.Split(','))
        {
            var i = 0;
            var who = 0;
            for (; i < part.Length && part[i] is 'u' or 'g' or 'o' or 'a'; i++)
            {
                who |= part[i] switch { 'u' => 0x9C0, 'g' => 0x438, 'o' => 0x207, _ => 0xFFF };
            }

            if (i >= part.Length || part[i] is not ('+' or '-' or '='))
            {
                return null;
            }

            var operation = part[i++];
            var permissions = part[i..];
            if (permissions.Any(c => c is not ('r' or 'w' or 'x' or 'X' or 's' or 't')))
            {
                return null;
            }

            clauses.Add(new Clause(who == 0 ? 0xFFF : who, operation, permissions));
        }

        return new ChmodSpec(null, clauses);
    }

    public UnixFileMode Apply(UnixFileMode current, bool isDirectory)
    {
        if (_octal is { } octal)
        {
            return (UnixFileMode)octal;
        }

        var mode = (int)current & AllPermissions;
        foreach (var clause in _clauses)
        {
            var bits = clause.Bits(mode, isDirectory);
            mode = clause.Operation switch
            {
                '+' => mode | bits,
                '-' => mode & ~bits,
                _ => (mode & ~(clause.Who & 0x1FF)) | bits,
            };
        }

        return (UnixFileMode)mode;
    }

    public override string ToString() => _octal is { } octal ? Convert.ToString(octal, 8) : string.Join(',', _clauses);

    private sealed record Clause(int Who, char Operation, string Permissions)
    {
        public int Bits(int mode, bool isDirectory)
        {
            var anyExecute = (mode & 0x49) != 0;
            var bits = 0;
            foreach (var permission in Permissions)
            {
                bits |= permission switch
                {
                    'r' => 0x124,
                    'w' => 0x92,
                    'x' => 0x49,
                    'X' => isDirectory || anyExecute ? 0x49 : 0,
                    's' => 0xC00,
                    _ => 0x200,
                };
            }

            return bits & Who;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Who:x}{Operation}{Permissions}");
    }
}
