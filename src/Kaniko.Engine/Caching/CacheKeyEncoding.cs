using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kaniko.Engine.Caching;

/// <summary>
/// The canonical, versioned encoding every layer cache key is the hash of. A key is the lowercase
/// hex SHA-256 of these bytes (UTF-8):
/// <code>
/// kaniko-layer-cache-key/v1\n
/// NAME:LENGTH:VALUE\n      (one line per field, in the order the key adds them)
/// </code>
/// NAME is a fixed lowercase ASCII field name; LENGTH the decimal count of VALUE's UTF-8 bytes;
/// VALUE any text, newlines included. The length prefix makes the encoding unambiguous: no two
/// field lists give the same bytes. A field may repeat (one <c>source</c> per file); repeated
/// fields are added sorted by the caller, so enumeration order never changes a key.
/// The fields of a stage seed and of each instruction are listed on <see cref="InstructionCacheKey"/>.
/// Changing what goes in, or how, means a new version line: old entries then simply miss.
/// </summary>
internal sealed class CacheKeyEncoding
{
    public const string VersionLine = "kaniko-layer-cache-key/v1\n";

    private readonly StringBuilder _text = new(VersionLine);
    private readonly List<(string Name, string Value)> _fields = [];

    /// <summary>The fields added so far; the miss explanation compares them with a stored key's.</summary>
    public IReadOnlyList<(string Name, string Value)> Fields => _fields;

    public CacheKeyEncoding Add(string name, string value)
    {
        _fields.Add((name, value));
        _text.Append(name).Append(':')
            .Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':')
            .Append(value).Append('\n');
        return this;
    }

    public CacheKeyEncoding AddSorted(string name, IEnumerable<string> values)
    {
        foreach (var value in values.Order(StringComparer.Ordinal))
        {
            Add(name, value);
        }

        return this;
    }

    public string Encoded => _text.ToString();

    public string Key() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_text.ToString())));
}
