using System.Text;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Collects the words of an expansion: unquoted whitespace (typed or coming from a variable's
/// value) separates words; quoted and escaped text never does. Empty words are dropped.
/// </summary>
internal sealed class ShellWords
{
    private readonly List<string> _words = [];
    private readonly StringBuilder _word = new();

    public void AddSplittable(char ch)
    {
        if (char.IsWhiteSpace(ch))
        {
            EndWord();
        }
        else
        {
            _word.Append(ch);
        }
    }

    public void AddSplittable(string text)
    {
        foreach (var ch in text)
        {
            AddSplittable(ch);
        }
    }

    public void AddLiteral(char ch) => _word.Append(ch);

    public void AddLiteral(string text) => _word.Append(text);

    public List<string> Finish()
    {
        EndWord();
        return _words;
    }

    private void EndWord()
    {
        if (_word.Length > 0)
        {
            _words.Add(_word.ToString());
            _word.Clear();
        }
    }
}
