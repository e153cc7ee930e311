// Imitates: a WPF control-panel window whose button sends one command to a projector over TCP per click (human rate;
// correct code). WPF types are look-alikes declared here.
using System.Net.Sockets;
using System.Text;
using System.Windows;

namespace System.Windows
{
    public class RoutedEventArgs : System.EventArgs
    {
    }

    public class Window
    {
        public string Title { get; set; } = string.Empty;
    }
}

namespace ProjectorPanel
{
    public partial class MainWindow : Window
    {
        private const string ProjectorHost = "10.0.0.20";

        private void PowerOn_Click(object sender, RoutedEventArgs e) => SendCommand("%1POWR 1\r");

        private void PowerOff_Click(object sender, RoutedEventArgs e) => SendCommand("%1POWR 0\r");

        private void SendCommand(string command)
        {
            using var client = new TcpClient(ProjectorHost, 4352);
            var stream = client.GetStream();
            var bytes = Encoding.ASCII.GetBytes(command);
            stream.Write(bytes, 0, bytes.Length);
            Title = "Sent " + command.Trim();
        }
    }
}
