import { render } from "preact";
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { App } from "./views/App.jsx";
import { adoptTokenFromHash } from "./session.js";

// Before the first render, so the token is out of the address bar before anything else runs.
adoptTokenFromHash();
render(<App />, document.getElementById("app"));
