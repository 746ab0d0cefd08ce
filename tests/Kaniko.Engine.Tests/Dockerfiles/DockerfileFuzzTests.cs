using System.Diagnostics;
using System.Text;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

/// <summary>
/// Random mutations of the testassets Dockerfiles, a fixed number of them (so a loaded machine runs
/// as many as an idle one): the front end may reject them, but only with its own error types, and
/// never hangs.
/// </summary>
[TestClass]
public sealed class DockerfileFuzzTests
{
    private const int Mutations = 400;
    private const int Words = 20_000;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(120);

    private static readonly string[] Fragments =
    [
        "\\", "`", "\"", "'", "$", "${", "}", "{", "[", "]", "<<", "<<-", "3<<", "EOF", "\n", "\r\n", "#", "# escape=`\n",
        "=", "--", "--from=", "--mount=type=cache,target=/x", " ", "\t", ":-", ":?", "##", "%%", "/", "//", "*", "?", "!",
        "FROM ", "RUN ", "COPY ", "ADD ", "ONBUILD ", "HEALTHCHECK ", "ARG ", "ENV ", "LABEL ", "SHELL ", "CMD [", "\u00e9", "\0",
    ];

    [TestMethod]
    public void Parse_MutatedDockerfiles_FailOnlyWithDockerfileErrors()
    {
        var seed = Environment.TickCount;
        var seeds = ParseTestAssets.Dockerfiles().Select(File.ReadAllText).ToArray();
        var current = string.Empty;
        var runs = 0;
        var fuzz = Task.Run(() =>
        {
            var random = new Random(seed);
            while (runs < Mutations)
            {
                current = Mutate(seeds[random.Next(seeds.Length)], random);
                ParseAndPlan(current);
                runs++;
            }
        });

        var finished = fuzz.Wait(HangLimit);

        Assert.IsTrue(finished, $"the parser hung (seed {seed}) on:\n{current}");
        Assert.AreEqual(Mutations, runs);
    }

    [TestMethod]
    public void Expand_RandomWords_FailOnlyWithExpansionErrors()
    {
        var seed = Environment.TickCount;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["A"] = "a b", ["EMPTY"] = "", ["LONG"] = new string('x', 500) + "*?[", ["STAR"] = "*",
        };
        string[] pieces = ["$A", "${A", "${LONG", "${STAR", "${UNSET", ":-", "-", ":+", "+", ":?", "?", "#", "##", "%", "%%", "/", "//", "}", "*", "?", "[", "\\", "\"", "'", " ", "x", "$", "{", "`"];
        var random = new Random(seed);
        var runs = 0;
        while (runs < Words)
        {
            var word = new StringBuilder();
            for (var i = random.Next(1, 16); i > 0; i--)
            {
                word.Append(pieces[random.Next(pieces.Length)]);
            }

            try
            {
                ShellWordExpander.ExpandAndSplit(word.ToString(), environment, random.Next(2) == 0 ? '\\' : '`');
            }
            catch (KanikoException error) when (error.Code == DockerfileErrorCode.InvalidWord)
            {
            }
            catch (Exception error)
            {
                Assert.Fail($"'{word}' (seed {seed}) threw {error}");
            }

            runs++;
        }

        Assert.AreEqual(Words, runs);
    }

    private static void ParseAndPlan(string text)
    {
        try
        {
            var dockerfile = DockerfileParser.Parse(text, "Dockerfile");
            _ = SyntaxTreeDump.Format(DockerfileSyntaxParser.Parse(text, "Dockerfile"));
            var plan = StagePlan.Create(dockerfile, new StagePlanOptions { EnvironmentVariable = _ => null });
            foreach (var stage in plan.Needed)
            {
                var variables = plan.NewStageVariables();
                foreach (var instruction in stage.Instructions)
                {
                    variables.Apply(instruction);
                }
            }

            _ = DockerignoreMatcher.Parse(text, ".dockerignore").IsExcluded("src/app/file.txt");
        }
        catch (DockerfileException)
        {
        }
        catch (Exception error)
        {
            Assert.Fail($"{error.GetType().Name}: {error.Message}\non input:\n{text}\n{error.StackTrace}");
        }
    }

    private static string Mutate(string text, Random random)
    {
        var mutated = new StringBuilder(text);
        for (var edits = random.Next(1, 8); edits > 0; edits--)
        {
            var at = mutated.Length == 0 ? 0 : random.Next(mutated.Length);
            switch (random.Next(5))
            {
                case 0:
                    mutated.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 1:
                    mutated.Remove(at, Math.Min(random.Next(1, 12), mutated.Length - at));
                    break;
                case 2:
                    mutated.Insert(at, mutated.ToString(at, Math.Min(random.Next(1, 40), mutated.Length - at)));
                    break;
                case 3:
                    mutated.Length = at;
                    break;
                default:
                    if (mutated.Length > 0)
                    {
                        mutated[at] = (char)random.Next(1, 128);
                    }

                    break;
            }
        }

        return mutated.ToString();
    }
}
