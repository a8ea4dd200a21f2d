enum HTTPLayerPlaceholder {}
