// Imitates: a bus consumer that subscribes to a message event and calls a webhook for every message with a new
// HttpClient (machine rate: unlike a UI click, the event fires per message).
using System;
using System.Net.Http;
using System.Text;

namespace Bridge.Webhooks;

public sealed class MessageEventArgs : EventArgs
{
    public MessageEventArgs(string body) => Body = body;
    public string Body { get; }
}

public sealed class BusConsumer
{
    public event EventHandler<MessageEventArgs>? MessageReceived;

    public void Deliver(string body) => MessageReceived?.Invoke(this, new MessageEventArgs(body));
}

public sealed class WebhookBridge
{
    public WebhookBridge(BusConsumer consumer)
    {
        consumer.MessageReceived += async (sender, e) =>
        {
            using var http = new HttpClient(); // expect: CH0001
            using var response = await http.PostAsync("https://hooks.example.com/in", new StringContent(e.Body, Encoding.UTF8, "application/json"));
        };
    }
}
