// The interactive network graph on /network/: draws /network/graph.json with Cytoscape.js.
// The page already lists the same network in plain HTML; this only adds the picture.
(function () {
  "use strict";

  var container = document.getElementById("network-graph");
  if (!container || typeof window.cytoscape !== "function") {
    return;
  }

  var SHAPES = { practitioner: "ellipse", organisation: "diamond", case_study: "round-rectangle", group: "hexagon" };
  var COLOURS = { practitioner: "#0b5d5b", organisation: "#8a4b00", case_study: "#3b3f99", group: "#7a2e6b" };

  function toElements(graph) {
    var nodes = graph.nodes.map(function (node) {
      return { data: { id: node.id, label: node.label, url: node.url, type: node.type } };
    });
    var edges = graph.edges.map(function (edge) {
      return { data: { id: edge.id, source: edge.source, target: edge.target, type: edge.type } };
    });
    return nodes.concat(edges);
  }

  function draw(graph) {
    container.textContent = "";
    var cy = window.cytoscape({
      container: container,
      elements: toElements(graph),
      wheelSensitivity: 0.2,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            shape: function (node) { return SHAPES[node.data("type")] || "ellipse"; },
            "background-color": function (node) { return COLOURS[node.data("type")] || "#555"; },
            width: 22,
            height: 22,
            "font-size": 9,
            color: "#1d2331",
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-wrap": "ellipsis",
            "text-max-width": 110,
            "text-background-color": "#fff",
            "text-background-opacity": 0.8
          }
        },
        { selector: "node[type = 'organisation']", style: { width: 28, height: 28 } },
        { selector: "edge", style: { width: 1.5, "line-color": "#9aa1b0", "curve-style": "bezier" } },
        {
          selector: "edge[type = 'follows']",
          style: { "line-style": "dashed", "target-arrow-shape": "triangle", "target-arrow-color": "#9aa1b0" }
        },
        { selector: ".faded", style: { opacity: 0.15 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#ffbf47" } }
      ],
      layout: { name: "cose", animate: false, padding: 20, nodeRepulsion: 9000, idealEdgeLength: 70 }
    });

    // Hovering a node lights up its neighbourhood; a tap opens its page.
    cy.on("mouseover", "node", function (event) {
      var neighbourhood = event.target.closedNeighborhood();
      cy.elements().difference(neighbourhood).addClass("faded");
    });
    cy.on("mouseout", "node", function () {
      cy.elements().removeClass("faded");
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.assign(url);
      }
    });
    container.dataset.ready = "true";
    container.dataset.nodes = String(cy.nodes().length);
  }

  fetch(container.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("graph.json answered " + response.status);
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      container.textContent = "The graph could not be drawn just now; the list below shows the same network.";
    });
})();
