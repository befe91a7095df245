"""The law and the engine: indicators in, policies loaded from policies/, exact evaluation, results."""
