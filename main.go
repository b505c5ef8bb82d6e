package main
import (
 _ "charm.land/bubbletea/v2"
 _ "charm.land/bubbles/v2/key"
 _ "charm.land/bubbles/v2/spinner"
 _ "charm.land/lipgloss/v2"
 _ "github.com/charmbracelet/x/ansi"
 _ "golang.org/x/term"
)
func main(){}
