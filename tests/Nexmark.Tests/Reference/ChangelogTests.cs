namespace Nexmark.Tests.Reference;

public class ChangelogTests
{
    [Fact]
    public void FoldsInsertsUpdatesAndDeletesIntoTheFinalTable()
    {
        var folded = Changelog.Fold(
        [
            """{"op":"+I","k":1,"v":"a"}""",
            """{"op":"+I","k":2,"v":"b"}""",
            """{"op":"+I","k":2,"v":"b"}""",
            "",
            """{"op":"-U","k":1,"v":"a"}""",
            """{"op":"+U","k":1,"v":"c"}""",
            """{"op":"-D","k":2,"v":"b"}""",
        ]);

        Assert.Equal(["k=1|v=c", "k=2|v=b"], folded.Rows);
        Assert.Equal((3, 1, 1, 1), (folded.Inserts, folded.UpdatesBefore, folded.UpdatesAfter, folded.Deletes));
    }

    [Theory]
    [InlineData("""{"op":"-U","k":1}""", "retracts (-U) a row that is not in the table: k=1")]
    [InlineData("""{"op":"-D","k":1}""", "retracts (-D) a row that is not in the table")]
    [InlineData("""{"k":1,"op":"+I"}""", "does not start with an \"op\" column")]
    [InlineData("""{"op":"+X","k":1}""", "has op '+X'")]
    [InlineData("""[1]""", "does not start with an \"op\" column")]
    public void RejectsAMalformedChangelogNamingTheLine(string second, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Changelog.Fold([ """{"op":"+I","k":2}""", second ]));

        Assert.Contains("Line 2 ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARetractionRemovesOnlyOneOfEqualRows()
    {
        var error = Assert.Throws<InvalidDataException>(() => Changelog.Fold(
            ["""{"op":"+I","k":1}""", """{"op":"-U","k":1}""", """{"op":"+U","k":1}""", """{"op":"-D","k":1}""", """{"op":"-D","k":1}"""]));

        Assert.Contains("Line 5 ", error.Message, StringComparison.Ordinal);
    }
}
