using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Rest;
using MonitorBot.Discord.Tests.Fake;

namespace MonitorBot.Discord.Tests.Rest;

public sealed class DiscordAttachmentDownloaderTests
{
    private static readonly byte[] FeedsJson = Encoding.UTF8.GetBytes("""{"feeds":[{"name":"example","url":"https://example.org/rss"}]}""");

    [Fact]
    public async Task DownloadAsync_WithinLimit_ReturnsBytesWithoutBotToken()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var attachment = fake.AddAttachment("feeds.json", FeedsJson);

        var bytes = await sp.GetRequiredService<DiscordAttachmentDownloader>().DownloadAsync(attachment, 1024, CancellationToken.None);

        Assert.Equal(FeedsJson, bytes);
        var request = Assert.Single(fake.AttachmentRequests);
        Assert.Equal(200, request.Status);
        Assert.StartsWith($"/attachments/{attachment.Id}/feeds.json", request.Path, StringComparison.Ordinal);
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("application/json", attachment.ContentType);
        Assert.Equal(FeedsJson.Length, attachment.Size);
    }

    [Fact]
    public async Task DownloadAsync_ReportedSizeOverLimit_RefusesWithoutFetching()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var attachment = fake.AddAttachment("big.json", new byte[2048]);

        var ex = await Assert.ThrowsAsync<DiscordException>(() =>
            sp.GetRequiredService<DiscordAttachmentDownloader>().DownloadAsync(attachment, 1024, CancellationToken.None));

        Assert.Equal("Attachment 'big.json' is 2048 bytes, over the limit of 1024 bytes; refusing to download it.", ex.Message);
        Assert.Empty(fake.AttachmentRequests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DownloadAsync_BodyOverLimitDespiteSmallReportedSize_Refuses(bool chunked)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        fake.ChunkedAttachments = chunked;
        await using var sp = TestHost.Build(fake);
        // Discord's size is stale or wrong: the actual body is what counts.
        var attachment = fake.AddAttachment("liar.json", new byte[200_000]) with { Size = 10 };

        var ex = await Assert.ThrowsAsync<DiscordException>(() =>
            sp.GetRequiredService<DiscordAttachmentDownloader>().DownloadAsync(attachment, 100_000, CancellationToken.None));

        Assert.Contains("'liar.json'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("over the limit of 100000 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Single(fake.AttachmentRequests);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://cdn.example.test/a.json")]
    [InlineData("/attachments/1/2/a.json")]
    [InlineData(null)]
    public async Task DownloadAsync_NonHttpUrl_Refuses(string? url)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var attachment = new Attachment { Id = "900000000000000001", Filename = "a.json", Size = 10, Url = url };

        var ex = await Assert.ThrowsAsync<DiscordException>(() =>
            sp.GetRequiredService<DiscordAttachmentDownloader>().DownloadAsync(attachment, 1024, CancellationToken.None));

        Assert.Equal("Attachment 'a.json' has no http(s) URL; refusing to download it.", ex.Message);
    }

    [Fact]
    public async Task DownloadAsync_Missing_ThrowsWithStatusButNotUrl()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        await using var sp = TestHost.Build(fake);
        var attachment = new Attachment { Id = "900000000000000001", Filename = "gone.json", Size = 10, Url = fake.BaseUrl + "/attachments/1/gone.json?hm=signature" };

        var ex = await Assert.ThrowsAsync<DiscordException>(() =>
            sp.GetRequiredService<DiscordAttachmentDownloader>().DownloadAsync(attachment, 1024, CancellationToken.None));

        Assert.Contains("HTTP 404", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("signature", ex.Message, StringComparison.Ordinal);
    }
}
