using Kaniko.Engine;

namespace Kaniko.Engine.Tests;

[TestClass]
public sealed class KanikoExceptionTests
{
    [TestMethod]
    public void Code_IsKeptBesideTheMessage()
    {
        var error = new KanikoException("KANIKO0001", "something went wrong");
        Assert.AreEqual("KANIKO0001", error.Code);
        Assert.AreEqual("something went wrong", error.Message);
    }
}
