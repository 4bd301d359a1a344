using Opbx.Domain.Pbx;
using Opbx.Pages.Org;

namespace Opbx.Tests.Org;

/// <summary>
/// A destination's words (what a list shows, what an edit form starts with, what a picker offers) read back as the same
/// kind and number when they are posted unchanged, for every kind, whatever the name holds (digits, a kind word, "·").
/// </summary>
public sealed class PickTextTests
{
    [Theory]
    [InlineData(DestinationKind.Extension, "401", "Desk 402", "Extension 401 · Desk 402")]
    [InlineData(DestinationKind.Extension, "401", "", "Extension 401")]
    [InlineData(DestinationKind.Voicemail, "301", "Ana", "Voicemail of 301 · Ana")]
    [InlineData(DestinationKind.Voicemail, "301", "", "Voicemail of 301")]
    [InlineData(DestinationKind.RingGroup, "600", "24/7 line", "Ring group 600 · 24/7 line")]
    [InlineData(DestinationKind.Queue, "700", "Queue 800 · Support", "Queue 700 · Queue 800 · Support")]
    public void A_destinations_words_read_back_as_its_kind_and_number(DestinationKind kind, string number, string name, string words)
    {
        Assert.Equal(words, PickText.Of(kind, number, name));
        var (readKind, rest) = PickText.SplitKind(words);
        Assert.Equal((kind, number), (readKind, PickText.Number(rest)));
        Assert.False(PickText.IsHangup(words));
    }

    [Fact]
    public void Hang_up_reads_back_as_hang_up()
    {
        Assert.Equal(PickText.Hangup, PickText.Of(DestinationKind.Hangup, "", ""));
        Assert.True(PickText.IsHangup(PickText.Of(DestinationKind.Hangup, "", "")));
    }
}
